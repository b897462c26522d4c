// Every fact a rule may name, with its type and the words used to explain it. The rule loader
// rejects any other fact path, so a typo in a rule cannot silently read as "not stated".
export type FactType = 'boolean' | 'number' | 'string' | 'string[]';
export type FactInfo = { type: FactType; label: string };

export const FACTS: Record<string, FactInfo> = {
  // the requested item as written
  'request.kind': { type: 'string', label: 'kind of item' },
  'request.name': { type: 'string', label: 'item name' },
  'request.strength': { type: 'string', label: 'strength on the request' },
  'request.quantity': { type: 'number', label: 'quantity on the request' },
  'request.frequency': { type: 'string', label: 'frequency on the request' },
  'request.duration': { type: 'string', label: 'duration on the request' },
  'request.sessions': { type: 'number', label: 'sessions on the request' },
  'request.perWeek': { type: 'number', label: 'sessions per week on the request' },
  'request.weeks': { type: 'number', label: 'weeks on the request' },
  'request.bodyRegion': { type: 'string', label: 'site of use / treatment on the request' },
  'request.indication': { type: 'string', label: 'indication stated for the item' },
  'request.levels': { type: 'number', label: 'spinal levels requested' },
  'request.acquisition': { type: 'string', label: 'purchase or rental' },
  // derived from the request
  'request.totalSessions': { type: 'number', label: 'total sessions requested' },
  'request.dosesPerDay': { type: 'number', label: 'doses per day (from the frequency)' },
  'request.daysSupply': { type: 'number', label: 'days of supply requested (quantity / doses per day)' },
  'request.durationDays': { type: 'number', label: 'duration requested, in days' },
  'request.morphineEquivalentDaily': { type: 'number', label: 'oral morphine-equivalent daily dose of the request (mg)' },
  // the resolved drug, product or service
  'drug.id': { type: 'string', label: 'catalog entry' },
  'drug.form': { type: 'string', label: 'form' },
  'drug.classes': { type: 'string[]', label: 'drug classes' },
  'drug.ingredients': { type: 'string[]', label: 'active ingredients' },
  'drug.ingredientClasses': { type: 'string[]', label: 'classes of the active ingredients' },
  'drug.notRecommendedIngredients': { type: 'string[]', label: 'ingredients the guideline does not recommend topically' },
  'drug.conditionalIngredients': { type: 'string[]', label: 'ingredients recommended only under conditions' },
  'drug.notAddressedIngredients': { type: 'string[]', label: 'ingredients the guideline does not address' },
  'drug.onlyRecommendedIngredients': { type: 'boolean', label: 'every active ingredient the guideline addresses is recommended topically' },
  'drug.onlyNsaidIngredients': { type: 'boolean', label: 'a topical NSAID (every active ingredient is an NSAID)' },
  'drug.formularyStatus': { type: 'string', label: 'MTUS Drug List status (exempt, non-exempt, or not listed)' },
  'drug.specialFill': { type: 'boolean', label: 'MTUS Drug List special fill' },
  'drug.perioperativeFill': { type: 'boolean', label: 'MTUS Drug List perioperative fill' },
  // the patient and the case
  'patient.age': { type: 'number', label: 'age' },
  'patient.sex': { type: 'string', label: 'sex' },
  'case.conditions': { type: 'string[]', label: 'documented conditions' },
  'case.bodyRegions': { type: 'string[]', label: 'injured body regions' },
  'case.injuryDays': { type: 'number', label: 'days since the injury' },
  'case.chronic': { type: 'boolean', label: 'chronic condition (3 months or more since injury, or chronic pain documented)' },
  // clinical findings
  'findings.painScore': { type: 'number', label: 'current pain score' },
  'findings.painWithMedication': { type: 'number', label: 'pain score with medication' },
  'findings.painWithoutMedication': { type: 'number', label: 'pain score without medication' },
  'findings.acuteExacerbation': { type: 'boolean', label: 'acute exacerbation / flare-up' },
  'findings.muscleSpasm': { type: 'boolean', label: 'muscle spasm on examination' },
  'findings.objectiveNeurologicDeficit': { type: 'boolean', label: 'objective neurologic deficit' },
  'findings.dyspepsia': { type: 'boolean', label: 'dyspepsia' },
  'findings.giRiskFactors': { type: 'string[]', label: 'GI risk factors' },
  'findings.giRisk': { type: 'boolean', label: 'GI risk (a risk factor, or age over 65)' },
  'findings.quantifiedPainRelief': { type: 'boolean', label: 'pain scores show relief with medication' },
  'findings.redFlags': { type: 'boolean', label: 'red flags (cauda equina, tumour, infection, fracture, progressive deficit)' },
  'findings.radiculopathyOnExam': { type: 'boolean', label: 'radiculopathy on examination' },
  'findings.imagingCorroboration': { type: 'boolean', label: 'imaging or electrodiagnostics corroborate the radiculopathy' },
  'findings.triggerPoints': { type: 'boolean', label: 'trigger points (twitch response and referred pain)' },
  'findings.homebound': { type: 'boolean', label: 'homebound' },
  'findings.opioidRiskLevel': { type: 'string', label: 'risk level for opioid misuse' },
  'findings.cardiovascularRisk': { type: 'boolean', label: 'cardiovascular or renal risk' },
  // documentation
  'documentation.functionalImprovement': { type: 'boolean', label: 'objective functional improvement from the current treatment' },
  'documentation.painRelief': { type: 'boolean', label: 'quantified pain relief from the current treatment' },
  'documentation.urineDrugScreen': { type: 'boolean', label: 'urine drug screen consistent with prescriptions' },
  'documentation.opioidRiskAssessment': { type: 'boolean', label: 'aberrant-behaviour / risk assessment' },
  'documentation.sideEffectsAssessed': { type: 'boolean', label: 'side effects assessed' },
  'documentation.homeExerciseProgram': { type: 'boolean', label: 'home exercise program' },
  'documentation.returnedToWork': { type: 'boolean', label: 'returned to work' },
  'documentation.rationale': { type: 'boolean', label: "the provider's rationale for the item" },
  'documentation.failedFirstLine': { type: 'string[]', label: 'first-line treatments tried and failed' },
  'documentation.surgeryConsidered': { type: 'boolean', label: 'surgery is being considered' },
  'documentation.priorProcedureRelief': { type: 'boolean', label: 'at least 50% relief for 6-8 weeks from the prior procedure' },
  'documentation.deviceTrialSuccess': { type: 'boolean', label: 'a one-month trial of the device with documented use and outcomes' },
  'documentation.psychologicalEvaluation': { type: 'boolean', label: 'psychological evaluation' },
  'documentation.baselineFunctionalTesting': { type: 'boolean', label: 'baseline functional testing' },
  'documentation.negativePredictorsAddressed': { type: 'boolean', label: 'negative predictors of success addressed' },
  'documentation.motivatedToChange': { type: 'boolean', label: 'motivation to change' },
  'documentation.surgicalCandidate': { type: 'boolean', label: 'a candidate for surgery' },
  'documentation.rehabilitationAdjunct': { type: 'boolean', label: 'used alongside active rehabilitation or exercise' },
  'documentation.medicationReducedOrNotTolerated': { type: 'boolean', label: 'pain medication reduced or not tolerated' },
  'documentation.urineDrugScreensPastYear': { type: 'number', label: 'urine drug screens in the past year' },
  // history, as it bears on this item
  'history.medicationsListed': { type: 'boolean', label: 'a medication list is documented' },
  'history.continuesCurrentUse': { type: 'boolean', label: 'the item continues a current medication or treatment' },
  'history.daysOfUse': { type: 'number', label: 'days of use so far' },
  'history.otherCurrentMuscleRelaxants': { type: 'number', label: 'other current muscle relaxants' },
  'history.otherCurrentAnalgesics': { type: 'number', label: 'other current pain medications' },
  'history.currentNsaid': { type: 'boolean', label: 'a current oral NSAID' },
  'history.priorTreatment': { type: 'boolean', label: 'prior treatment of the same type' },
  'history.priorSessions': { type: 'number', label: 'prior sessions of the same treatment' },
  'history.priorFunctionalImprovement': { type: 'boolean', label: 'functional improvement from the prior sessions' },
  'history.onOpioids': { type: 'boolean', label: 'currently prescribed an opioid' },
  'history.otherCurrentOpioids': { type: 'number', label: 'other current opioids' },
  'history.otherCurrentBenzodiazepines': { type: 'number', label: 'other current benzodiazepines' },
};

export const FACT_GROUPS = ['request', 'drug', 'patient', 'case', 'findings', 'documentation', 'history'] as const;
export type FactGroup = (typeof FACT_GROUPS)[number];
export type ItemFacts = Record<FactGroup, Record<string, unknown>>;

export function factValue(facts: ItemFacts, path: string): unknown {
  const dot = path.indexOf('.');
  const group = facts[path.slice(0, dot) as FactGroup];
  return group === undefined ? undefined : group[path.slice(dot + 1)];
}
