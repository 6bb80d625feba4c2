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

/** Words that begin or continue place names without being unknown words themselves: "san jose", "new york". */
export const PLACE_NAME_WORDS = words('new san santa st saint los las fort port north south east west city lake mount upper lower');

/** Words that end a street's name: "1760 polk street", "300 hilary way". */
export const STREET_WORDS = words('street st avenue ave road rd boulevard blvd drive dr lane ln way place court ct square plaza parkway');

export const MEALS: ReadonlyMap<string, 'breakfast' | 'brunch' | 'lunch' | 'dinner'> = new Map([
  ['breakfast', 'breakfast'], ['brunch', 'brunch'], ['lunch', 'lunch'], ['luncheon', 'lunch'],
  ['dinner', 'dinner'], ['supper', 'dinner'],
]);

/**
 * Events known by a fixed name of several words, some of which would otherwise read as a
 * relation, a weekday or a number: "mother's day", "good friday", "one on one". Written
 * without apostrophes; matched against words with theirs removed.
 */
export const NAMED_EVENTS: readonly (readonly string[])[] = `
mothers day|fathers day|grandparents day|teachers day|bosses day|presidents day|valentines day
new years eve|new years day|new years|new year|lunar new year|chinese new year
christmas eve|christmas day|easter sunday|easter monday|good friday|black friday|cyber monday|boxing day
april fools day|st patricks day|saint patricks day|martin luther king day|mlk day|memorial day|labor day
labour day|independence day|veterans day|columbus day|thanksgiving day|election day|tax day|earth day
mardi gras|cinco de mayo|rosh hashanah|yom kippur|one on one|1 on 1|happy hour
`.trim().split(/[|\n]/).map((phrase) => phrase.split(' '));
