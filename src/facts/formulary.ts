// The MTUS Drug Formulary (8 CCR 9792.27.1-9792.27.23, drugs dispensed from 1 January 2018) as
// facts about one requested drug: its status on the MTUS Drug List version in force on the request
// date, and whether an exemption, a Special Fill (first visit within 7 days of the injury) or a
// Perioperative Fill (4 days either side of a surgery) lets it be dispensed without prospective
// review. Pure: dates and catalog data in, facts out. Formulary status says whether utilization
// review is needed before dispensing, not whether the drug is medically necessary.
import type { DrugListFile, DrugListStatus, DrugListStatusEntry } from '../schema/drug-list.js';

export const FORMULARY_START = '2018-01-01';
// 9792.27.12(b)(1),(c): the single initial visit within 7 days of the injury; the day after is day 1
export const SPECIAL_FILL_WINDOW_DAYS = 7;
// 9792.27.13(b): 4 days before to 4 days after surgery; the day of surgery is day 0
export const PERIOPERATIVE_WINDOW_DAYS = 4;
// Drug List header: a physician may dispense an exempt drug without review only as one 7-day supply
// at the initial visit within 7 days of the injury
export const PHYSICIAN_DISPENSED_EXEMPT_DAYS = 7;

export type DrugList = {
  versions: DrugListFile['versions'];
  byProduct: Map<string, DrugListFile['entries'][number]['statuses']>;
};

export function indexDrugList(file: DrugListFile): DrugList {
  // ISO dates order as plain strings; localeCompare would load ICU's collator at start-up
  const versions = [...file.versions].sort((a, b) => (a.effective < b.effective ? -1 : a.effective > b.effective ? 1 : 0));
  const byProduct = new Map<string, DrugListFile['entries'][number]['statuses']>();
  for (const e of file.entries) for (const id of e.drugs) byProduct.set(id, e.statuses);
  return { versions, byProduct };
}

// Problems a loader reports with the file: unknown products or versions, a product listed twice,
// statuses out of version order.
export function checkDrugList(file: DrugListFile, productIds: Set<string>): Array<{ path: string; message: string }> {
  const issues: Array<{ path: string; message: string }> = [];
  const order = new Map(file.versions.map((v, i) => [v.id, i]));
  file.versions.forEach((v, i) => {
    if (i > 0 && v.effective <= file.versions[i - 1].effective)
      issues.push({ path: `versions[${i}].effective`, message: 'versions must be listed in order of their effective dates' });
  });
  const seen = new Map<string, number>();
  file.entries.forEach((e, i) => {
    e.drugs.forEach((id, j) => {
      if (!productIds.has(id)) issues.push({ path: `entries[${i}].drugs[${j}]`, message: `unknown catalog product "${id}"` });
      if (seen.has(id)) issues.push({ path: `entries[${i}].drugs[${j}]`, message: `"${id}" is also in entries[${seen.get(id)}]` });
      seen.set(id, i);
    });
    e.statuses.forEach((s, j) => {
      if (!order.has(s.from)) issues.push({ path: `entries[${i}].statuses[${j}].from`, message: `unknown list version "${s.from}"` });
      else if (j > 0 && order.get(s.from)! <= (order.get(e.statuses[j - 1].from) ?? -1))
        issues.push({ path: `entries[${i}].statuses[${j}].from`, message: 'statuses must follow the order of the list versions' });
    });
  });
  return issues;
}

const DAY_MS = 86_400_000;
const isFullDate = (s: string | undefined): s is string => s !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(s);
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export type FormularyInput = {
  date: string;
  productId: string;
  // a compound read from its ingredients, or a catalog product carrying the class `compound`
  compound: boolean;
  form: string;
  injuryDate?: string;
  // surgeries of the case; `linked` is the one the requested item names, if any
  surgeries: Array<{ id: string; date?: string; status: string; procedure: string }>;
  linkedSurgery?: string;
  daysSupply?: number;
  dispensedBy?: 'physician' | 'pharmacy';
  brandRequired?: boolean;
  initialVisit?: boolean;
};

export type FormularyPolicy =
  | 'exempt'
  | 'special-fill'
  | 'perioperative-fill'
  | 'prospective-review'
  | 'outside-formulary'
  | 'not-recorded';

export type FormularyFacts = {
  formularyStatus?: DrugListStatus | 'not-recorded';
  listVersion?: string;
  statusBasis?: string;
  specialFillDays?: number;
  perioperativeFillDays?: number;
  daysAfterInjury?: number;
  specialFillWindow?: boolean;
  surgeryDay?: number;
  perioperativeWindow?: boolean;
  fillPolicy?: 'special-fill' | 'perioperative-fill' | 'none';
  withinFillSupply?: boolean;
  exemptNeedsReview?: boolean;
  prospectiveReview?: boolean;
  formularyPolicy?: FormularyPolicy;
  formularyNote?: string;
};

function versionOn(list: DrugList, date: string) {
  let found: DrugList['versions'][number] | undefined;
  for (const v of list.versions) if (v.effective <= date) found = v;
  return found;
}

function statusOn(list: DrugList, statuses: DrugListStatusEntry[], date: string): DrugListStatusEntry | undefined {
  const effective = new Map(list.versions.map((v) => [v.id, v.effective]));
  let found: DrugListStatusEntry | undefined;
  for (const s of statuses) if ((effective.get(s.from) ?? '9999') <= date) found = s;
  return found;
}

// The surgery whose date decides the Perioperative Fill: the one the item names, else the dated
// surgery nearest the request date.
function surgeryFor(input: FormularyInput) {
  const dated = input.surgeries.filter((s) => isFullDate(s.date));
  const linked = input.linkedSurgery ? input.surgeries.find((s) => s.id === input.linkedSurgery) : undefined;
  if (linked) return isFullDate(linked.date) ? linked : undefined;
  return dated.sort((a, b) => Math.abs(daysBetween(a.date!, input.date)) - Math.abs(daysBetween(b.date!, input.date)))[0];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formularyFacts(list: DrugList | undefined, input: FormularyInput): FormularyFacts {
  if (input.date < FORMULARY_START || !list) return {};
  const version = versionOn(list, input.date);
  if (!version) return {};
  const listName = `MTUS Drug List ${version.id} (effective ${version.effective})`;
  const recorded = list.byProduct.get(input.productId);
  const entry = recorded ? statusOn(list, recorded, input.date) : undefined;
  const status: FormularyFacts['formularyStatus'] = input.compound
    ? 'compounded'
    : /injection/.test(input.form) && !entry
      ? 'physician-administered'
      : (entry?.status ?? 'not-recorded');
  const since = entry ? list.versions.find((v) => v.id === entry.from) : undefined;
  const statusSource = entry ? `${listName}; status recorded from ${since?.id} (effective ${since?.effective}) [${entry.basis}]` : listName;

  const facts: FormularyFacts = {
    formularyStatus: status,
    listVersion: listName,
    statusBasis: entry ? `${entry.basis}: ${entry.note}` : undefined,
    specialFillDays: entry?.specialFillDays,
    perioperativeFillDays: entry?.perioperativeFillDays,
  };

  // Special Fill window: prescribed at the initial visit, within 7 days of the injury
  if (isFullDate(input.injuryDate)) {
    const d = daysBetween(input.injuryDate, input.date);
    facts.daysAfterInjury = d;
    facts.specialFillWindow = d >= 0 && d <= SPECIAL_FILL_WINDOW_DAYS && input.initialVisit !== false;
  }
  const surgery = surgeryFor(input);
  if (surgery) {
    const d = daysBetween(surgery.date!, input.date);
    facts.surgeryDay = d;
    facts.perioperativeWindow = Math.abs(d) <= PERIOPERATIVE_WINDOW_DAYS;
  }

  const reasons: string[] = [];
  const windowText = () => {
    const parts = [];
    if (facts.daysAfterInjury !== undefined)
      parts.push(
        facts.daysAfterInjury < 0
          ? 'the request predates the injury date'
          : `the request is ${plural(facts.daysAfterInjury, 'day')} after the injury${
              input.initialVisit === false
                ? ' and not at the initial visit'
                : input.initialVisit === undefined && facts.specialFillWindow
                  ? ' (Special Fill also needs it to be the initial treatment visit)'
                  : ''
            }`,
      );
    else parts.push('the injury date is not stated');
    if (surgery)
      parts.push(
        `${plural(Math.abs(facts.surgeryDay!), 'day')} ${facts.surgeryDay! < 0 ? 'before' : 'after'} the surgery (${surgery.procedure}, ${surgery.date})`,
      );
    else parts.push(input.surgeries.length ? 'no surgery date is stated' : 'no surgery is recorded');
    return parts.join('; ');
  };

  switch (status) {
    case 'physician-administered':
      facts.formularyPolicy = 'outside-formulary';
      facts.prospectiveReview = undefined;
      facts.formularyNote = `Administered by a physician, so outside the MTUS Drug Formulary (8 CCR 9792.27.2(b)); the MTUS guidelines still apply. ${listName}.`;
      return facts;
    case 'compounded':
      facts.formularyPolicy = 'prospective-review';
      facts.prospectiveReview = true;
      facts.formularyNote = `A compounded drug always needs prospective review, even when an ingredient is exempt; the physician must document why an FDA-approved or over-the-counter product will not do (8 CCR 9792.27.9). ${listName}.`;
      return facts;
    case 'not-recorded':
      facts.fillPolicy = 'none';
      facts.formularyPolicy = 'not-recorded';
      facts.prospectiveReview = undefined;
      facts.formularyNote = `This rule pack does not record the drug's status on the ${listName}; if it is non-exempt or unlisted, it needs prospective review before dispensing.`;
      return facts;
    case 'exempt': {
      if (input.brandRequired) reasons.push('a brand-name exempt drug where a generic exists needs prospective review (8 CCR 9792.27.7)');
      if (input.dispensedBy === 'physician') {
        const ok =
          facts.specialFillWindow === true &&
          input.initialVisit === true &&
          input.daysSupply !== undefined &&
          input.daysSupply <= PHYSICIAN_DISPENSED_EXEMPT_DAYS;
        if (!ok)
          reasons.push(
            `a physician may dispense an exempt drug without review only as one ${PHYSICIAN_DISPENSED_EXEMPT_DAYS}-day supply at the initial visit within 7 days of the injury (${windowText()}; days of supply: ${input.daysSupply ?? 'not stated'})`,
          );
      }
      facts.exemptNeedsReview = reasons.length > 0;
      facts.prospectiveReview = reasons.length > 0;
      facts.formularyPolicy = reasons.length > 0 ? 'prospective-review' : 'exempt';
      facts.formularyNote =
        reasons.length > 0
          ? `Exempt on the ${statusSource}, but ${reasons.join('; and ')}.`
          : `Exempt on the ${statusSource}: no prospective review is needed when it is prescribed as the MTUS guidelines recommend.`;
      return facts;
    }
    case 'unlisted':
      facts.fillPolicy = 'none';
      facts.formularyPolicy = 'prospective-review';
      facts.prospectiveReview = true;
      facts.formularyNote = `Not on the ${listName} (unlisted): prospective review is needed before prescribing or dispensing; unlisted drugs have no Special or Perioperative Fill.`;
      return facts;
    case 'non-exempt': {
      const sf = facts.specialFillWindow === true && entry?.specialFillDays !== undefined;
      const pf = facts.perioperativeWindow === true && entry?.perioperativeFillDays !== undefined;
      const fill = sf ? 'special-fill' : pf ? 'perioperative-fill' : undefined;
      const limit = sf ? entry?.specialFillDays : pf ? entry?.perioperativeFillDays : undefined;
      facts.fillPolicy = fill;
      if (fill && limit !== undefined) {
        facts.withinFillSupply = input.daysSupply === undefined ? undefined : input.daysSupply <= limit;
        const name = fill === 'special-fill' ? 'Special Fill (8 CCR 9792.27.12)' : 'Perioperative Fill (8 CCR 9792.27.13)';
        const brand = input.brandRequired
          ? ' A brand-name drug qualifies only when the physician documents why the generic will not do.'
          : '';
        if (facts.withinFillSupply === true) {
          facts.prospectiveReview = false;
          facts.formularyPolicy = fill;
          facts.formularyNote = `Non-exempt on the ${statusSource}; ${name} lets up to ${plural(limit, 'day')}' supply through without prospective review (${windowText()}; ${plural(input.daysSupply!, 'day')} requested).${brand}`;
        } else if (facts.withinFillSupply === false) {
          facts.prospectiveReview = true;
          facts.formularyPolicy = 'prospective-review';
          facts.formularyNote = `Non-exempt on the ${statusSource}; ${name} applies (${windowText()}) but only up to ${plural(limit, 'day')}' supply, and ${plural(input.daysSupply!, 'day')} are requested: the rest needs prospective review.${brand}`;
        } else {
          facts.prospectiveReview = undefined;
          facts.formularyPolicy = fill;
          facts.formularyNote = `Non-exempt on the ${statusSource}; ${name} lets up to ${plural(limit, 'day')}' supply through without prospective review (${windowText()}), but the days of supply are not stated.${brand}`;
        }
        return facts;
      }
      const fills = [
        entry?.specialFillDays !== undefined ? `Special Fill up to ${plural(entry.specialFillDays, 'day')}` : undefined,
        entry?.perioperativeFillDays !== undefined ? `Perioperative Fill up to ${plural(entry.perioperativeFillDays, 'day')}` : undefined,
      ].filter(Boolean);
      const unknownWindow =
        (entry?.specialFillDays !== undefined && facts.specialFillWindow === undefined) ||
        (entry?.perioperativeFillDays !== undefined && facts.perioperativeWindow === undefined && input.surgeries.length > 0);
      facts.fillPolicy = 'none';
      facts.prospectiveReview = true;
      facts.formularyPolicy = 'prospective-review';
      facts.formularyNote = `Non-exempt on the ${statusSource}: prospective review is needed before dispensing. ${
        fills.length
          ? `It is eligible for ${fills.join(' and ')}, but no fill window applies (${windowText()}).${unknownWindow ? ' State the injury and surgery dates to check the fill windows.' : ''}`
          : 'It has no Special or Perioperative Fill.'
      }`;
      return facts;
    }
  }
}
