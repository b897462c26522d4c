// CDS Hooks 2.0 (https://cds-hooks.hl7.org/2.0/): an order-sign service. What the hook request
// must hold, the discovery document, and the glue: the orders become a case (src/import/fhir.ts),
// each item's prediction becomes a card (src/report/cards.ts), and where a fix is a change to the
// order itself the card carries the updated draft order as a suggestion. Nothing is fetched from
// the EHR's FHIR server.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CatalogIndex } from '../facts/catalog.js';
import type { CaseResult, ItemResult } from '../evaluate/evaluate.js';
import type { Case } from '../schema/case.js';
import type { RulePack } from '../load/rules.js';
import { validateCase } from '../load/cases.js';
import { InputError } from '../load/errors.js';
import { type OrderChange, type Suggestion, changeLabel, orderChanges } from '../report/cards.js';
import { type Mapping, type Resource, editedOrder, orderToRequest, ordersToCase } from '../import/fhir.js';

export { type Card, SOURCE_LABEL, type Suggestion, cardsFor, clip, notCheckedCard } from '../report/cards.js';
export type { Mapping } from '../import/fhir.js';

export const SERVICE_ID = 'imr-check-order-sign';

export const discovery = {
  services: [
    {
      hook: 'order-sign',
      id: SERVICE_ID,
      title: 'California IMR outcome check (MTUS)',
      description:
        "Predicts, for each draft medication or service order, whether a denial would likely be upheld at California workers' compensation Independent Medical Review under the MTUS, with the guideline citation of every unmet criterion and what to document before the Request for Authorization is sent.",
      prefetch: {
        patient: 'Patient/{{context.patientId}}',
        conditions: 'Condition?patient={{context.patientId}}&clinical-status=active',
        medications: 'MedicationRequest?patient={{context.patientId}}&status=active',
      },
      usageRequirements:
        "Only for workers' compensation requests judged under the California MTUS. The service reads prefetch only; it never queries the FHIR server.",
    },
  ],
};

// ---- the hook request -----------------------------------------------------------------------------
const resource = z.looseObject({ resourceType: z.string().min(1) });
const bundle = z.looseObject({
  resourceType: z.literal('Bundle'),
  entry: z.array(z.looseObject({ resource: resource.optional() })).optional(),
});

export const hookRequestSchema = z.looseObject({
  hook: z.literal('order-sign'),
  hookInstance: z.string().min(1),
  fhirServer: z.string().optional(),
  fhirAuthorization: z.unknown().optional(),
  context: z.looseObject({
    userId: z.string().min(1),
    patientId: z.string().min(1),
    encounterId: z.string().optional(),
    draftOrders: bundle,
  }),
  // a prefetch value may be null when the client could not fetch it
  prefetch: z.record(z.string(), z.union([resource, z.null()])).optional(),
});

export type HookRequest = z.infer<typeof hookRequestSchema>;

export function hookToCase(req: HookRequest, index: CatalogIndex): Mapping {
  return ordersToCase(req, index);
}

// The item a changed draft order becomes, judged again in the same case (undefined: it could not be)
export type Recheck = (requestId: string, changed: Resource) => Promise<ItemResult | undefined>;

// A change is offered only when the order it makes, read back by the same mapping and judged again,
// no longer fails the criteria it is for and fails no criterion the order did not fail already.
function meets(before: ItemResult, after: ItemResult | undefined, changes: OrderChange[]): boolean {
  if (!after) return false;
  const failing = new Set(after.findings.map((f) => f.ruleId));
  const was = new Set(before.findings.map((f) => f.ruleId));
  return changes.every((c) => c.ruleIds.every((id) => !failing.has(id))) && [...failing].every((id) => was.has(id));
}

function suggestion(changes: OrderChange[], resource: Resource): Suggestion {
  const label = changes.map(changeLabel).join('; ');
  return {
    label,
    uuid: randomUUID(),
    isRecommended: false,
    actions: [{ type: 'update', description: `${label}: meets ${[...new Set(changes.flatMap((c) => c.ruleIds))].join(', ')}`, resource }],
  };
}

// The suggestions for an item whose unmet criteria an order change meets: the draft order updated
// (CDS Hooks "update" action), for the clinician to accept or ignore. All the changes together when
// that order meets them; else each change that meets its criterion alone, as its own suggestion.
export async function suggestionsFor(item: ItemResult, mapping: Mapping, pack: RulePack, recheck: Recheck): Promise<Suggestion[]> {
  const changes = orderChanges(item, pack);
  const resource = mapping.resources.get(item.requestId);
  if (!changes.length || !resource) return [];
  const tryChanges = async (cs: OrderChange[]) => {
    const updated = editedOrder(resource, cs, pack.index);
    return updated && meets(item, await recheck(item.requestId, updated), cs) ? suggestion(cs, updated) : undefined;
  };
  const all = await tryChanges(changes);
  if (all) return [all];
  if (changes.length === 1) return [];
  const each: Suggestion[] = [];
  for (const c of changes) {
    const s = await tryChanges([c]);
    if (s) each.push(s);
  }
  return each;
}

// The case's upheld items, each with its suggestions. `evaluate` judges one item of a case again
// (the caller runs it in the evaluation queue).
export async function orderSuggestions(
  result: CaseResult,
  mapping: Mapping,
  pack: RulePack,
  evaluate: (c: Case, requestId: string) => Promise<ItemResult | undefined>,
): Promise<Map<string, Suggestion[]>> {
  const recheck: Recheck = async (requestId, changed) => {
    const request = orderToRequest(changed, requestId, pack.index);
    if (!request) return undefined;
    const c = { ...mapping.case, requests: mapping.case.requests.map((r) => (r.id === requestId ? request : r)) };
    try {
      return await evaluate(validateCase(c, 'changed order', pack.reasonTags), requestId);
    } catch (e) {
      if (e instanceof InputError) return undefined;
      throw e;
    }
  };
  const out = new Map<string, Suggestion[]>();
  for (const item of result.items.filter((i) => i.outcome === 'upheld')) {
    const s = await suggestionsFor(item, mapping, pack, recheck);
    if (s.length) out.set(item.requestId, s);
  }
  return out;
}

// POST {service}/feedback (CDS Hooks 2.0, "Feedback"): what the clinician did with a card
export const feedbackSchema = z.looseObject({
  feedback: z
    .array(
      z.looseObject({
        card: z.string().min(1),
        outcome: z.enum(['accepted', 'overridden']),
        outcomeTimestamp: z.string().min(1),
        acceptedSuggestions: z.array(z.looseObject({ id: z.string() })).optional(),
        overrideReason: z.unknown().optional(),
      }),
    )
    .min(1),
});
