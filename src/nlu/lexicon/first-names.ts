/**
 * Common given names and their usual short forms, lower case: the most frequent names of US
 * birth records over the last century, common short forms, and names frequent among English
 * speakers of South Asian, East Asian, Hispanic, Arabic, African and European families. A
 * general lexicon, used to recognise people in lower-case speech where capital letters give no
 * hint. Names that are also common words are people only where the sentence says so
 * (`AMBIGUOUS_NAMES` in slots/attendees.ts).
 */
export const FIRST_NAMES: ReadonlySet<string> = new Set(
  `
aaliyah aaron abby abdul abe abel abigail abraham ada adam addison adele adeline adrian adriana adrienne agatha
agnes ahmad ahmed aidan aiden aileen aisha al alan alana alastair albert alberto alec alejandro alessandra alex
alexa alexander alexandra alexia alexis alfie alfonso alfred alfredo ali alice alicia alina alisha alison
alistair allan allen allie allison alma alonzo alvaro alvin alyssa amal amanda amani amara amber amelia amina
amir amit amos amy ana anastasia anders andre andrea andreas andrei andres andrew andy angel angela angelica
angelo angie angus anika anil anita anjali ann anna annabel annabelle anne annette annie annika ansel anthony
anton antonia antonio anya april arjun arlene armando arnold arthur arturo arun asha ashley ashok ashton aubrey
audra audrey augusta aurora austin ava avery axel ayesha bailey barb barbara barney barry bart basil bea
beatrice beatriz becky belinda bella ben benedict benjamin benny bernadette bernard bernice bert bertha bessie
beth bettie betty beverly bianca bill billy blair blake blanca bob bobby bonita bonnie boris brad bradley brady
brandon brenda brendan brent brenton bret brett brian briana bridget brittany brock brody brooke bruce bruno
bryan bryce byron caitlin caleb callum calvin cameron camila camille candace candice cara carina carl carla
carlos carlton carly carmen carol caroline carolyn carrie casey cassandra cassie catherine cathy cecil cecilia
cedric celeste celia cesar chad charity charlene charles charlie charlotte charmaine chelsea cheryl chloe chris
christian christina christine christopher chuck cindy claire clara clarence clarissa claude claudette claudia
clay clement cleo cliff clifford clint clyde cody colin colleen conner connie connor conrad constance cora corey
cornelius cory courtney craig cristina crystal curt curtis cynthia cyrus daisy dale damian damon dan dana daniel
daniela danielle danny dante daphne darius darla darlene darrell darren darryl daryl dave david dawn dean deanna
debbie debby deborah debra deepak deirdre delia della delores demetrius denise dennis deon derek derrick desmond
devin devon dexter diana diane diego dillon dina dinah dirk dixie dmitri dolores dominic dominique don donald
donna donovan dora dorian doris dorothy doug douglas drew duane dustin dwayne dwight dylan earl ebony ed eddie
eddy edgar edith edmund edna eduardo edward edwin edwina efrain eileen elaine eleanor elena eli elias elijah
elisa elise eliza elizabeth ella ellen ellie elliot elliott eloise elsie elvis emanuel emil emilia emilio emily
emma emmanuel enrique eric erica erik erin ernest ernesto ernie errol esmeralda esteban estelle esther ethan
ethel etta eugene eugenia eunice eva evan evangeline evelyn ezra fabian faith fatima fay faye federico felicia
felipe felix fernanda fernando fiona flora florence floyd frances francesca francesco francine francis francisco
franco frank frankie franklin fred freda freddie frederick freya fritz gabe gabriel gabriela gabriella gabrielle
gail garry gary gaurav gavin gene genevieve geoff geoffrey george georgia georgina gerald geraldine gerard
gerardo gideon gilbert gillian gina ginger giovanni gisela giuseppe gladys glen glenda glenn gloria gordon grace
graham grant greg gregory greta gretchen guadalupe guillermo gus gustavo guy gwen hailey hal haley hamid hamza
hank hannah hans harold harriet harry harvey hassan hattie hayden hazel heather hector heidi helen helena henry
herbert herman hilary hillary hiroshi holly homer horace hosea howard hubert hugh hugo hunter hussein ian
ibrahim ida ignacio igor ilana imani imogen ines inez ingrid ira irene irma irving isaac isabel isabella isaiah
isla ismael ivan ivy jacinta jack jackie jackson jacob jacqueline jaden jaime jake jamal james jamie jan jane
janelle janet janice janine jared jarrod jasmine jason jasper javier jay jayden jayne jean jeanette jeanne
jeannie jeb jed jeff jeffrey jenifer jenna jennifer jenny jeremiah jeremy jermaine jerome jerry jess jesse
jessica jessie jesus jethro jill jim jimmie jimmy jo joan joann joanna joanne joaquin jocelyn jodi jody joe joel
joey johanna john johnny jolene jon jonah jonas jonathan jordan jorge jose josefina joseph josephine josh joshua
josie joy joyce juan juanita jude judith judy jules julia julian juliana julianne julie juliet julio julius june
junior justin justine kai kaitlyn kamala kara kareem karen karim karina karl karla kasey kate katelyn katherine
kathleen kathryn kathy katie katrina kay kayla kayleigh keisha keith kelly kelsey ken kendall kendra kenji
kenneth kenny kerry kevin khalid kiara kieran kim kimberly kirk kirsten kristen kristi kristin kristina kristy
krystal kurt kyla kyle kylie lacey lana lance larry latoya laura laurel lauren laverne lawrence layla leah lee
leila leland lena lenny leo leon leonard leroy leslie lester leticia lewis liam lila lillian lilly lily lina
linda lindsay lindsey lionel lisa liz lloyd logan lois lorena lorenzo loretta lori lorna lorraine lottie lou
louis louise luca lucas lucia luciana lucille lucy luis luke luna luther lydia lynda lynn lynne mabel mackenzie
madeline madison mae magdalena maggie mahmoud malcolm malik mandy manuel marc marcel marcia marco marcus
margaret margarita margo maria mariah mariana marianne maribel marie marilyn marina mario marion marisa marissa
marjorie mark marla marlene marlon marsha marta martha martin marty marvin mary maryann mason mateo mathew
matilda matt matthew mattie maureen maurice mavis max maxine maya meera megan mehmet mei melanie melinda melissa
melody melvin mercedes meredith merle mia micah michael michaela michele michelle mickey miguel mike mila
mildred miles millie milo mindy minnie miranda miriam misty mitch mitchell moe mohamed mohammad mohammed molly
mona monica monique monty morgan moses muhammad muriel myra myron nadia nadine nancy nanette naomi nasir natalie
natasha nathan nathaniel neha neil nell nellie nicholas nick nicole nigel nikhil nikita nikki niko nina nita
noah noel noelle nolan nora norah norma norman octavia odessa olga olive oliver olivia omar opal ophelia orlando
orville oscar otis otto owen pablo paige pam pamela paolo pasquale pat patricia patrick patsy patti patty paul
paula pauline pedro peggy penny percy perry peter petra phil philip philippa phillip phoebe phyllis pierce
pierre polly pooja prakash priscilla priya quentin quincy quinn rachel rafael raheem rahul raj rajesh ralph
ramon ramona rana randall randy raquel rashad raul ray raymond reba rebecca reggie regina reginald rene renee
reuben rex rhonda ricardo richard rick ricky riley rishi rita rob robert roberta roberto robin robyn rocco rocky
rod rodney rodrigo roger rohan roland rolando romeo ron ronald ronan ronnie rory rosa rosalie rosario roscoe
rose rosemary rosie ross rowan roxanne roy ruben ruby rudolph rudy rufus rupert russ russell rusty ruth ryan
sabrina sadie sally salma salvador sam samantha sami samir sammy samuel sana sandra sandy sanjay santiago sara
sarah sasha saul savannah scarlett scott sean sebastian selena selma serena sergei sergio seth shane shanice
shannon sharon shaun shauna shawn sheila shelby sheldon shelia shelley sherri sherry shirley sidney silas simon
simone sofia sonia sonja sonya sophia sophie spencer stacey stacy stan stanley stefan stella stephanie stephen
steve steven stuart sue sunil sunita suresh susan susie suzanne sven sydney sylvia tabitha tamara tamika tammie
tammy tania tanner tanya tara tariq tasha ted teddy teresa terrance terrence terri terry tess tessa thelma theo
theodore theresa thomas tia tiffany tim timothy tina tobias toby todd tom tomas tommie tommy toni tony tonya
tracey tracy travis trent trevor trey tricia trina trisha tristan troy trudy tyler tyrone ulysses ursula
valentina valerie vance vanessa vaughn velma vera vern verna vernon veronica vic vicki vicky victor victoria
vidya vijay vikram viktor vince vincent viola virgil virginia vivek vivian wade waldo walt walter wanda warren
wayne wendell wendy wes wesley whitney wilbur wilfred willa william willie wilma winifred winston xavier yasmin
yolanda yusuf yvette yvonne zach zachary zane zara zeke zelda zoe zoey
`.trim().split(/\s+/),
);
