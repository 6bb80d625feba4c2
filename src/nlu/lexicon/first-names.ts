/**
 * Common English given names and their usual short forms, lower case: the most frequent names
 * of US birth records over the last century, plus common short forms. A general lexicon, used
 * to recognise people in lower-case speech where capital letters give no hint.
 */
export const FIRST_NAMES: ReadonlySet<string> = new Set(
  `
aaron abby abigail ada adam addison adrian adriana agnes aiden al alan albert alberto alex alexa alexander
alexandra alexis alfred ali alice alicia alison allen allison alvin alyssa amanda amber amelia amy ana andre
andrea andrew andy angel angela angelica angie anita ann anna anne annette annie anthony antonio april arthur
ashley audrey austin ava avery barbara barry beatrice becky ben benjamin bernard beth betty beverly bill billy
blake bob bobby bonnie brad bradley brandon brenda brett brian briana brittany brooke bruce bryan caleb calvin
cameron camila carl carla carlos carmen carol caroline carolyn carrie casey catherine cathy charles charlie
charlotte chelsea cheryl chloe chris christian christina christine christopher cindy claire clara clarence
claude claudia clifford cody colin connie connor courtney craig crystal curtis cynthia dale dan dana daniel
danielle danny darlene darren dave david dawn dean deborah debbie debra denise dennis derek diana diane dolores
don donald donna doris dorothy doug douglas dylan earl ed eddie edgar edith edna eduardo edward edwin eileen
elaine eleanor elena eli elijah elizabeth ella ellen ellie elsie emily emma eric erica erik erin ernest esther
ethan ethel eugene eva evan evelyn faith fernando florence frances francis frank fred freddie frederick gabriel
gabriella gail gary gavin gene george georgia gerald gina gladys glen glenn gloria gordon grace greg gregory
gwen hailey hank hannah harold harry hazel heather hector heidi helen henry herbert holly howard hugh hunter ian
ida irene isaac isabel isabella isaiah ivan jack jackie jackson jacob jacqueline jake james jamie jan jane janet
janice jared jasmine jason javier jay jean jeanette jeff jeffrey jenna jennifer jenny jeremy jerome jerry jesse
jessica jesus jill jim jimmy jo joan joann joanne joe joel joey john johnny jon jonathan jordan jorge jose joseph
josephine josh joshua joy joyce juan judith judy julia julian julie june justin kaitlyn karen karl kate katherine
kathleen kathryn kathy katie kayla keith kelly ken kenneth kenny kevin kim kimberly kirk kristen kristin kyle
lance larry laura lauren lawrence leah lee leo leon leonard leslie lillian lily linda lindsay lindsey lisa liz
lloyd logan lois lorraine louis louise lucas lucy luis luke lydia lynn madison maggie mandy manuel marc marcus
margaret maria marie marilyn mario marion marjorie mark marlene martha martin marvin mary mason matt matthew maureen
max maya megan melanie melissa melvin mia michael michele michelle miguel mike mildred mila mindy miranda misty
mitch mitchell molly monica morgan nancy naomi natalie nathan neil nicholas nick nicole noah nora norma norman
olivia oliver oscar owen paige pam pamela pat patricia patrick patty paul paula pauline pedro peggy penny peter
phil philip phillip phyllis priya rachel ralph ramon randy raul ray raymond rebecca regina renee rex ricardo
richard rick ricky rita rob robert roberta robin rodney roger ron ronald ronnie rosa rose rosemary ross roy ruby
russell ruth ryan sally sam samantha samuel sandra sandy sara sarah scott sean sergio seth shane shannon sharon
shawn sheila shelby shirley sidney sofia sophia sophie stacy stanley stella stephanie stephen steve steven sue
susan suzanne sydney tammy tanya tara ted teresa terri terry theodore theresa thomas tiffany tim timothy tina todd
tom tommy toni tony tracy travis trevor troy tyler valerie vanessa vera vernon veronica vicki victor victoria
vincent virginia vivian wade walter wanda warren wayne wendy wesley william willie yolanda yvonne zach zachary zoe
`.trim().split(/\s+/),
);
