// CDS Hooks 2.0 (https://cds-hooks.hl7.org/2.0/): an order-sign service. What the hook request
// must hold, the discovery document, and the glue: the orders become a case (src/import/fhir.ts),
// each item's prediction becomes a card (src/report/cards.ts), and where a fix is a change to the
// order itself the card carries the updated draft order as a suggestion. Nothing is fetched from
// the EHR's FHIR server.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CatalogIndex } from '../facts/catalog.js';
import type { ItemResult } from '../evaluate/evaluate.js';
import type { RulePack } from '../load/rules.js';
import { type Suggestion, changeLabel, orderChanges } from '../report/cards.js';
import { type Mapping, editedOrder, ordersToCase } from '../import/fhir.js';

export { type Card, SOURCE_LABEL, cardsFor, clip, notCheckedCard } from '../report/cards.js';
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

// One suggestion per item whose unmet criteria an order change meets: the draft order updated
// (CDS Hooks "update" action), for the clinician to accept or ignore.
export function suggestionsFor(item: ItemResult, mapping: Mapping, pack: RulePack): Suggestion[] {
  const changes = orderChanges(item, pack);
  const resource = mapping.resources.get(item.requestId);
  if (!changes.length || !resource) return [];
  const updated = editedOrder(resource, changes);
  if (!updated) return [];
  const label = changes.map(changeLabel).join('; ');
  return [
    {
      label,
      uuid: randomUUID(),
      isRecommended: false,
      actions: [{ type: 'update', description: `${label}: meets ${changes.map((c) => c.ruleId).join(', ')}`, resource: updated }],
    },
  ];
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
