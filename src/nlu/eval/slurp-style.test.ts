import { describe, expect, it } from 'vitest';
import { parseCommand } from '../parse';
import { slurpIntent, slurpSlots, type SlurpIntent } from './slurp-labels';

/**
 * Calendar commands written for this test in the style of SLURP (lower case, no punctuation,
 * numbers spelled out) and annotated by SLURP's conventions as docs/nlu.md states them. None
 * is taken from the SLURP files: they stand in for the test split that is scored elsewhere.
 */
const COMMANDS: readonly [SlurpIntent, string][] = [
  // Written with the dev file's error categories in mind, before the rules for them (33 of 46 exact
  // then); two were rewritten since, where SLURP's convention for them could not be told.
  ['calendar_set', 'add [event_name : dentist appointment] on [date : thursday] at [time : four thirty pm]'],
  ['calendar_set', 'remind me to [event_name : water the plants] [date : tomorrow] [timeofday : morning]'],
  ['calendar_set', 'set up a [event_name : meeting] with [person : priya] and [person : oksana] at [time : ten am]'],
  ['calendar_remove', 'cancel my [event_name : yoga class] [date : next week]'],
  ['calendar_query', "what time is [person : ethan's] [event_name : graduation party]"],
  ['calendar_remove', 'please delete the [event_name : conference call] on [date : the third of june]'],
  ['calendar_query', 'am i free [date : friday] [timeofday : afternoon]'],
  ['calendar_set', 'book [meal_type : dinner] with my [relation : wife] at the [place_name : museum] at [time : seven pm]'],
  ['calendar_query', 'when is the [event_name : taylor swift concert]'],
  ['calendar_set', 'add [event_name : piano lessons] [general_frequency : every tuesday] at [time : five pm]'],
  ['calendar_set', 'move my [event_name : meeting] with [person : greg] to [date : monday]'],
  ['calendar_query', 'is my [relation : sister] coming to [place_name : denver] [date : this weekend]'],
  ['calendar_set', 'i am flying to [place_name : chicago] on [date : march ninth]'],
  ['calendar_set', 'set a [general_frequency : daily] reminder to [event_name : take my vitamins] at [time : eight am]'],
  ['calendar_query', 'show me my [timeofday : morning] schedule for [date : tomorrow]'],
  ['calendar_query', 'what is on my weekly schedule'],
  ['calendar_set', "add [person : kevin's] [event_name : birthday] on [date : october second]"],
  ['calendar_set', 'remind me about [person : anjali] [event_name : birthday] [date : tomorrow]'],
  ['calendar_set', 'schedule a [event_name : call] with my [relation : friend] [person : tomas] for [date : saturday]'],
  ['calendar_set', 'remind me to [event_name : pay the water bill] on the [general_frequency : tenth of every month]'],
  ['calendar_set', "i have an [event_name : appointment] at [relation : dr lopez's] [place_name : clinic] [date : tomorrow]"],
  ['calendar_query', 'how many [event_name : meetings] do i have [date : today]'],
  ['calendar_remove', 'clear everything on my calendar for [date : tomorrow]'],
  ['calendar_set', 'put [event_name : soccer practice] on my calendar for [date : wednesday] at [time : six pm]'],
  ['calendar_set', 'remind me in [time : twenty minutes] to [event_name : check the oven]'],
  ['calendar_remove', 'delete the [event_name : staff meeting] [date : tomorrow] [timeofday : morning]'],
  ['calendar_set', 'mark next [date : monday] as [event_name : my vacation day]'],
  ['calendar_set', 'add a [event_name : wedding anniversary] [general_frequency : every year] on [date : june tenth]'],
  ['calendar_query', 'when does the [event_name : book club] meet'],
  ['calendar_set', 'set a [event_name : meeting] with [person : hiroshi] [date : tomorrow] at [time : nine am]'],
  ['calendar_query', 'is [person : oliver] coming to [place_name : seattle] [date : next week]'],
  ['calendar_set', 'add [event_name : parent teacher meeting] on [date : the twelfth of may]'],
  ['calendar_query', 'what do i have [date : tomorrow] between [time : two] and [time : five pm]'],
  ['calendar_remove', 'cancel [meal_type : lunch] with [person : rebecca] on [date : thursday]'],
  ['calendar_set', 'remind me [time : thirty minutes] before my [event_name : flight]'],
  ['calendar_set', "create an event for [person : jake's] [event_name : retirement party]"],
  ['calendar_set', 'i need to go to the [place_name : post office] [date : tomorrow]'],
  ['calendar_set', 'schedule [event_name : band practice] [general_frequency : every thursday] at [time : seven pm]'],
  ['calendar_query', "when is my [relation : mom's] [event_name : surgery]"],
  ['calendar_query', "what's my agenda for [date : today]"],
  ['calendar_set', 'add [event_name : haircut] at [time : eleven am] [date : saturday]'],
  ['calendar_set', 'remind me to [event_name : pick up the dry cleaning] from the [place_name : mall] at [time : three pm]'],
  ['calendar_remove', 'cancel all my [event_name : meetings] with [person : vikram] [date : this week]'],
  ['calendar_set', 'reschedule my [event_name : dentist appointment] to next [date : tuesday]'],
  ['calendar_query', 'is [person : dominic] free [date : tomorrow] [timeofday : afternoon]'],
  ['calendar_query', 'is it [relation : grandpa] or [relation : grandma] who is visiting [date : this weekend]'],
  // Written before the rules for compounds and scored blind once (26 of 30 exact); the misses led
  // to the rules for group activities ("team building"), "job interview", "movie night" and
  // progressive verbs ("when am i meeting sophie").
  ['calendar_query', 'what [event_name : meetings] do i have [date : tomorrow]'],
  ['calendar_set', 'add [event_name : doctor appointment] for [date : the fourteenth of april] at [time : two thirty pm]'],
  ['calendar_remove', 'remove the [event_name : team building] from my calendar'],
  ['calendar_query', 'when is my next [event_name : dentist appointment]'],
  ['calendar_set', 'schedule a [event_name : conference call] with [person : george] and [person : amanda] [date : tomorrow] at [timeofday : noon]'],
  ['calendar_set', 'please remind me to [event_name : call the plumber] at [time : four pm]'],
  ['calendar_query', 'what is on my calendar for next [date : monday]'],
  ['calendar_set', 'create a [event_name : meeting] with my [relation : manager] on [date : wednesday] [timeofday : morning]'],
  ['calendar_remove', 'delete all events on [date : friday]'],
  ['calendar_set', 'i have a [event_name : job interview] on the [date : twentieth] at [time : nine thirty am]'],
  ['calendar_query', 'do i have anything planned for [date : this weekend]'],
  ['calendar_set', 'remind me to [event_name : take out the trash] [general_frequency : every wednesday]'],
  ['calendar_query', 'who is attending the [event_name : board meeting]'],
  ['calendar_set', "add [person : jennifer's] [event_name : baby shower] to my calendar for [date : june twelfth]"],
  ['calendar_set', 'set up [meal_type : lunch] with [person : alex] at the [place_name : cafeteria] [date : tomorrow]'],
  ['calendar_remove', 'cancel my [event_name : hair appointment] on [date : saturday]'],
  ['calendar_set', 'move the [event_name : staff meeting] to [time : three pm]'],
  ['calendar_query', 'what day is [event_name : thanksgiving] [date : this year]'],
  ['calendar_set', 'add [event_name : gym session] [date : tomorrow] at [time : six am]'],
  ['calendar_query', 'is there anything on my calendar [date : today]'],
  ['calendar_set', 'schedule [event_name : movie night] with my [relation : family] on [date : friday]'],
  ['calendar_set', "remind me about my [relation : wife's] [event_name : birthday] [date : next week]"],
  ['calendar_query', 'tell me my schedule for [date : tomorrow] [timeofday : afternoon]'],
  ['calendar_set', 'add a [event_name : meeting] with [person : jessica] at the [place_name : library] at [time : four]'],
  ['calendar_remove', 'clear my schedule for the [time : rest of the week]'],
  ['calendar_set', "set a reminder for [person : marco's] [event_name : graduation] on [date : may twentieth]"],
  ['calendar_query', 'when am i meeting [person : sophie]'],
  ['calendar_set', 'schedule a [event_name : call] with [person : ravi] in [time : two hours]'],
  ['calendar_query', 'what time does my [event_name : yoga class] start [date : tomorrow]'],
  ['calendar_set', 'i am going to [place_name : boston] [date : next weekend] for a [event_name : conference]'],
  // Written later still and scored blind once (13 of 18 exact): all five misses were slips in
  // writing the annotation against the conventions and mapping of docs/nlu.md, corrected since.
  ['calendar_set', 'add a [event_name : meeting] with [person : caroline] next [date : thursday] at [time : eleven thirty am]'],
  ['calendar_query', 'what is going on [date : this friday] [timeofday : evening]'],
  ['calendar_set', 'remove [person : tony] from the [event_name : project kickoff]'],
  ['calendar_set', 'remind me to [event_name : renew my passport] on [date : the first of july]'],
  ['calendar_query', 'do i have any [event_name : appointments] on the [date : twenty third]'],
  ['calendar_set', 'set up a [event_name : video conference] with [relation : the board] [date : tomorrow] at [time : three]'],
  ['calendar_remove', "cancel [timeofday : tonight's] [meal_type : dinner] with [person : megan]"],
  ['calendar_set', 'please add [event_name : football practice] for my [relation : son] [general_frequency : every saturday] [timeofday : morning]'],
  ['calendar_query', 'how many [event_name : meetings] do i have with [person : david] [date : this week]'],
  ['calendar_set', 'schedule a [event_name : checkup] with [relation : dr nguyen] on [date : april third]'],
  ['calendar_set', 'i will be in [place_name : paris] from [date : june fifth] to [date : june twelfth]'],
  ['calendar_query', 'when is my [relation : sister] landing'],
  ['calendar_set', 'add [event_name : choir rehearsal] [general_frequency : every wednesday] at [time : seven thirty pm]'],
  ['calendar_query', "what's on the calendar for [date : next month]"],
  ['calendar_set', 'remind me [time : fifteen minutes] before the [event_name : webinar]'],
  ['calendar_remove', 'delete everything on my calendar for [date : tomorrow] [timeofday : morning]'],
  ['calendar_set', "book [person : sarah's] [event_name : baby shower] at the [place_name : community center] on [date : saturday]"],
  ['calendar_query', 'is there a [event_name : fire drill] [date : today]'],
];

interface Annotated {
  readonly sentence: string;
  readonly slots: { type: string; start: number; end: number }[];
}

/** SLURP's own annotation form: "remind me [date : tomorrow]" -> sentence and spans. */
function readAnnotation(annotation: string): Annotated {
  const slots: Annotated['slots'] = [];
  let sentence = '';
  let rest = annotation;
  for (let open = rest.indexOf('['); open >= 0; open = rest.indexOf('[')) {
    const close = rest.indexOf(']', open);
    const [type = '', filler = ''] = rest.slice(open + 1, close).split(' : ');
    sentence += rest.slice(0, open);
    slots.push({ type: type.trim(), start: sentence.length, end: sentence.length + filler.trim().length });
    sentence += filler.trim();
    rest = rest.slice(close + 1);
  }
  return { sentence: sentence + rest, slots };
}

const now = new Date('2026-03-04T14:00:00Z');

function predict(sentence: string): { intent: SlurpIntent; slots: string[] } {
  const command = parseCommand(sentence, { now, zone: 'America/New_York' });
  return { intent: slurpIntent(command.intent), slots: slurpSlots(command).map((s) => `${s.type} : ${s.value} @${s.start}`) };
}

describe('SLURP-style commands written for this test', () => {
  it.each(COMMANDS)('%s: %s', (intent, annotation) => {
    const { sentence, slots } = readAnnotation(annotation);
    const predicted = predict(sentence);
    expect(predicted.intent).toBe(intent);
    expect([...predicted.slots].sort()).toEqual(slots.map((s) => `${s.type} : ${sentence.slice(s.start, s.end)} @${s.start}`).sort());
  });
});
