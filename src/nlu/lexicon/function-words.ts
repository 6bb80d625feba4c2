/**
 * Words that carry the grammar or the request of a command, not its content: what is left when
 * they, the time phrases and the people are taken out is what the event is about.
 */
import { inflections, words as wordList } from './inflect';

function words(list: string): ReadonlySet<string> {
  return new Set(wordList(list));
}

function verbs(list: string): ReadonlySet<string> {
  return new Set(wordList(list).flatMap(inflections));
}

export const FUNCTION_WORDS = words(`
i me my mine myself you your yours we us our ours he him his she her hers they them their it its
this that these those a an the some any all each every no none another other such either neither
what which who whom whose when where why how there here anything something everything nothing
anyone someone everyone everybody somebody anybody nobody one ones anywhere somewhere everywhere nowhere
to for of on in at by with from about into onto over under between before after during until till til
through throughout within without up down out off around near via per upon against toward towards
and or but so because if then than as since while also too just only even again now already still
please kindly thanks thank ok okay yes yeah yep no nope not never sure well right
do does did done doing is are was were be been being am have has had having get gets got getting
can could will would shall should may might must need needs needed want wants wanted wanna gonna gotta like
let let's i'm i'll i've i'd it's that's there's what's when's where's who's how's you're we're they're
can't cannot won't isn't aren't wasn't weren't didn't doesn't don't haven't hasn't shouldn't wouldn't couldn't
im ill ive id its thats theres whats whens wheres whos youre were dont cant wont isnt arent didnt doesnt
very really much many more most less lot lots bit little few several both
`);

/** Verbs that ask the assistant to do something with the calendar. */
export const REQUEST_VERBS = verbs(`
add adding added schedule scheduling create creating make making set setting setup put putting book booking
plan planning arrange organize organise mark flag note save enter insert log record pencil jot write
remind reminding remember forget tell telling inform notify alert ping show list give find look check see
search display read say lookup view open
cancel cancelling canceling delete deleting remove removing clear clearing erase wipe drop scrap scratch
move moving reschedule rescheduling push pushing postpone delay shift bump change changing update updating
edit modify rename retitle relabel alter extend shorten lengthen invite include exclude block reserve hold keep protect
undo revert repeat confirm fix
`);

/**
 * Nouns that name the calendar's own things, never what an event is about: "add an event",
 * "cancel the reminder", "what's on my schedule".
 */
export const CALENDAR_NOUNS = words(`
calendar calender calendars schedule schedules agenda diary planner event events entry entries reminder
reminders remainder notification notifications alarm alarms alert alerts timer item items info
information detail details data thing things stuff plans program programs list lists time times slot slots
availability activity activities occasion occasions record records note notes task tasks todo
date dates day days week weeks month months year years title name location place address people
anyone others everything something anything invite invitation invitations option options highlights
`);

/** Verbs that say something happens without saying what: "go", "attend", "meet", "pick up". */
export const LIGHT_VERBS = verbs(`
go went gone come came attend meet met see saw seen visit be have had do did done get got happen start end
begin began pick take took bring brought grab
`);

/** Fillers and wake words that are never part of a slot. */
export const FILLERS = words(`
uh uhh uhm um umm er erm ah hmm hm mm mhm oh
`);

/** Names people give assistants, said before the command: "hey tempo", "olly", "ok google". */
export const WAKE_WORDS = words(`
tempo tempopilot olly ollie siri alexa google cortana assistant computer
`);

/** Verbs that move an event in time: "move", "push", "postpone". */
export const MOVE_VERBS: ReadonlySet<string> = new Set([
  'move', 'moving', 'reschedule', 'rescheduling', 'postpone', 'delay', 'shift', 'bump', 'push', 'prepone', 'advance',
]);
