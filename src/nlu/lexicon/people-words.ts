/** How people name the people in their lives without naming them: "my boss", "mom". */
function words(list: string): ReadonlySet<string> {
  return new Set(list.trim().split(/\s+/));
}

export const RELATIONS = words(`
mom mum mommy mummy mother mothers ma dad daddy father fathers pa parents parent folks
brother brothers bro sister sisters sis sibling siblings son sons daughter daughters kid kids child children
baby wife husband hubby spouse partner girlfriend boyfriend fiance fiancee
grandma grandpa grandmother grandfather grandparents granny nana grandson granddaughter grandkids
aunt auntie uncle cousin cousins niece nephew family relatives in-laws
mother-in-law father-in-law sister-in-law brother-in-law stepmom stepdad
boss manager managers supervisor colleague colleagues coworker coworkers co-worker co-workers workmate
teammate teammates team staff employee employees assistant secretary intern interns
ceo cfo cto coo cio cmo vp svp evp president director directors chairman chairwoman chair board
friend friends buddy buddies pal bestie roommate roommates flatmate neighbor neighbors neighbour neighbours
classmate classmates teacher teachers professor prof tutor coach trainer mentor advisor adviser
therapist counselor counsellor psychiatrist doctor doc physician dentist nurse pediatrician dermatologist
lawyer attorney accountant banker realtor agent landlord tenant babysitter nanny pastor priest
client clients customer customers vendor vendors investor investors recruiter
`);

/** Roles that take "of the ...": "the vp of the department", "the head of sales". */
export const ROLE_HEADS = words(`
ceo cfo cto coo cio cmo vp svp evp president director chairman chairwoman chair head manager dean
`);
