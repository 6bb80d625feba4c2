/**
 * Frequent English words that are neither names, places nor what an event is about. Where a
 * lower-case transcript gives no capital letters, a word outside every lexicon is taken for a
 * name or a place, and a run of words for a title, so common words have to be known.
 */
import { inflections, words } from './inflect';

const VERBS = words(`
accept act agree allow answer appear apply arrive assume attach avoid bake become believe belong borrow bother
bring buy care carry catch cause check choose clean close collect comment compare complain complete
confirm consider contact continue cook copy cost count cover cross cut decide deliver depend describe
destroy develop discuss drink drive eat email enjoy expect explain fail fall feel fetch fill finish fit fly
follow forgive grab grow guess handle hang happen hate hear help hide hit hope hurry ignore imagine improve
increase intend introduce join jump kick kill know land laugh lead learn leave lend lie listen live lose love
manage matter mean mention mind miss notice offer order own pack pass pay pick place point prefer prepare
present print promise prove provide pull push reach realize realise receive recommend reduce reflect refresh
refuse relax remain reply report require rest return ride ring rise say seem sell send share shut sign sing
sit sleep smile sound speak spend stand stay stop study suggest supply support suppose take talk teach tend
thank think throw touch travel treat try turn understand use wait wake walk want wash watch wear win wish
wonder worry write sync reset work appreciate locate refer suit occur commence figure
`);

const IRREGULAR_FORMS = words(`
went gone came saw seen met took taken gave given got gotten made knew known sent told said thought brought
bought left kept ran wrote written read spoke spoken heard found felt held stood sat ate eaten drank drove
driven flew forgot forgotten began begun chose chosen did done had was were been paid laid lost meant slept
spent taught understood woke won wore
`);

const DESCRIPTIONS = words(`
back later soon sooner early earlier late forward forwards backward backwards first last next new old big small good great important quick short long free busy
available open full whole entire other same different own urgent regular usual normal
again instead together alone also else ever always usually maybe probably actually today tonight ahead
upcoming pending past following previous recent current latest newest known unknown required blank empty clear completely entirely
totally fully quickly true false possible ready finished certain fine nice best better worse worst main real
able due likely additional extra specific particular exact various special general whatever whenever
scheduled planned booked set up coming recurring repeating reoccurring daily weekly monthly
perfect cool correct awesome great terrific super sorry fun useful interested curious perhaps yet whether
though currently specifically double moment timing assistance spare titled called named label labeled
yup yep hmmm clock
person people group everyone way ways case front advance between detail progress
month year hour minute thing lot bunch kind sort type yes no
out over around away off on down
`);

/** Common nouns that can close an event's name after a content word: "deep work", "game night". */
const NOUNS = words('work job home morning afternoon evening night week weekend day time stuff');

export const COMMON_NOUNS: ReadonlySet<string> = new Set(NOUNS);

export const COMMON_WORDS: ReadonlySet<string> = new Set([...VERBS.flatMap(inflections), ...IRREGULAR_FORMS, ...DESCRIPTIONS, ...NOUNS]);

/** Words after "in" that make an idiom rather than a place: "in advance", "in person". */
export const IN_IDIOMS: ReadonlySet<string> = new Set(
  words('advance person case front between general detail progress time touch charge total private public order'),
);
