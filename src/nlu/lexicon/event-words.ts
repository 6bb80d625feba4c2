/** Words for what events are, where they happen and what is eaten at them. */
function words(list: string): ReadonlySet<string> {
  return new Set(list.trim().split(/\s+/));
}

/** Nouns that name an event: a phrase headed by one of them is what the event is called. */
export const EVENT_NOUNS = words(`
meeting meetings meetup appointment appointments appt appts call calls conference conferences session sessions
party parties birthday birthdays bday anniversary wedding weddings graduation funeral shower reunion
interview interviews review reviews standup stand-up sync one-on-one retro demo presentation presentations
class classes lesson lessons lecture lectures seminar workshop training exam test quiz practice rehearsal
game games match tournament concert show movie play recital game-night date dates trip flight flights vacation
holiday holidays checkup check-up visit consultation surgery therapy treatment haircut massage workout run
gym yoga pilates swim hike dinner lunch breakfast brunch drinks coffee meal reservation reservations
deadline deadlines payment bill shift service mass webinar hackathon offsite kickoff kick-off
ceremony celebration festival fair recital ballet opera exhibition conference retirement marriage engagement
`);

/** Nouns that name a place an event happens at: "at the library", "to my sister's house". */
export const VENUES = words(`
library office gym school church restaurant cafe café coffeeshop park mall store shop house home apartment
flat hospital clinic airport station beach bar pub cinema theater theatre museum stadium arena hotel bank
salon groomer groomers vet court courthouse field studio center centre hall building room campus university
college zoo market supermarket pharmacy temple mosque synagogue garage dealership barber spa club lobby
cafeteria lab headquarters hq warehouse factory farm lake place venue diner bakery bistro pizzeria
`);

export const MEALS: ReadonlyMap<string, 'breakfast' | 'brunch' | 'lunch' | 'dinner'> = new Map([
  ['breakfast', 'breakfast'], ['brunch', 'brunch'], ['lunch', 'lunch'], ['luncheon', 'lunch'],
  ['dinner', 'dinner'], ['supper', 'dinner'],
]);
