// Types shared by the page's modules. The page runs in the browser and imports nothing from the
// server's code; what it needs from the case schema arrives in the page-config block (PageConfig).

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Obj = { [k: string]: Json };
// a problem with one field of the case, as the server words it (label: the field's name in words)
export type Issue = { path: string; message: string; label?: string };
export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

// written into the page by the server (src/serve/page.ts) as <script type="application/json" id="page-config">
export type PageConfig = {
  // the keys the form edits at each level; anything else in a loaded file is kept as it was
  handled: Record<string, string[]>;
  // key order of a case and of a request, as the format lists them
  caseKeys: string[];
  requestKeys: string[];
  // the item fields that fit each kind of request (others are hidden unless they hold a value)
  fieldsByKind: Record<string, string[]>;
};

// what GET /api/editions answers
export type Editions = { today: string; date: string; editions: string[] };

export type Finding = {
  title: string;
  reason: string;
  evidence: string;
  fixable: boolean;
  message: string;
  found: Array<{ text: string }>;
  citation: string;
  fix: string;
  ruleId: string;
  edition?: string;
};
export type Checked = { title: string; status: string };
export type Item = {
  requestId: string;
  text: string;
  outcome: string;
  summary: string;
  resolution: { note: string };
  topics: Array<{ topic: string; edition: string }>;
  findings: Finding[];
  advisories: Finding[];
  checked: Checked[];
  // each criterion not assessable, in the words `check` prints after "? not assessable: "
  notAssessable: string[];
  fixBeforeSubmitting: string[];
  actual?: { decision: string; reasons?: string[] };
};
export type Result = {
  caseId: string;
  asOf: { date: string; source: string };
  // the date judged on, in `check`'s words, when the case gave no request date; absent otherwise
  asOfNotice?: string;
  conditions: { tags: string[]; stated: boolean };
  items: Item[];
  // values that are possible but unusual (the case was still checked); absent when there are none
  warnings?: Issue[];
};
