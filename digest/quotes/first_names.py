"""Given names that usually say 'she' or 'he', for resolving pronouns in news text.

Common names across the English-speaking press (British, Irish, American, Australian,
Canadian, Indian, African, European, East Asian and Arabic names as they appear in it).
A name missing here only costs a guess: the person's first 'he' or 'she' still tells.
Names used for both (Sam, Alex, Jordan, Robin, Jean) are left out on purpose.

Origin: general knowledge of the names common in the English-language press, alphabetical
first, then groups by region. The names once appended here from the project's invented test
articles were removed (2026-12-01), so the regression sets measure the rules, not this list.
"""

from __future__ import annotations

FEMALE = frozenset(
    """
    abigail ada adaeze adele adrienne agnes aileen aisha alexandra alice alicia alison amanda
    amber amelia amina amy ana anastasia andrea angela angelina anita anjali ann anna anne
    annette annie antonia aoife april arabella ashley astrid audrey ava barbara beatrice
    becky belinda bernadette beth bethany betty beverley beverly bianca bonnie brenda bridget
    brittany bronwen camilla candace cara carla carmen carol caroline carolyn cassandra
    catherine cathy cecilia celia charlotte chelsea cheryl chioma chloe christina christine
    cindy claire clara claudia colleen connie constance cora courtney cristina cynthia daisy
     daniela danielle daphne dawn deborah debbie deepa deirdre delia denise diana diane
    dolores donna doreen dorothy edith eileen elaine eleanor elena eliza elizabeth ella ellen
    ellie eloise elsa emily emma erica erin esther ethel eugenia eva evelyn fatima felicity
    fiona florence frances francesca freya gabriela gabrielle gail gemma georgia georgina
    geraldine gillian gina giulia gloria grace greta gwen gwendolyn hana hannah harriet
    hazel heather heidi helen helena hilary holly hope ida imogen ines ingrid irene iris
    isabel isabella isla ivy jacqueline jade jana jane janet janice jasmine  jeanette
    jemima jennifer jenny jessica jill joan joanna joanne jocelyn josephine joy joyce judith
    judy julia julie juliet june karen karin kate katherine kathleen kathryn katie katrina
    kay kayla kelly kerry  kirsty kristen lakshmi laura lauren leah leila lena 
    lillian lily linda lindsay lisa liz lois loretta lorna lorraine louisa louise lucia
    lucy lydia lynn lynne madeleine madison maeve magdalena maggie maisie mandy manon
    marcia margaret margot maria mariam marian marianne marie marilyn marion marisol marjorie
    marta martha mary maureen maxine maya meera megan meghan mei melanie melissa mercy
    meredith mia michaela michelle mildred millie miranda miriam molly monica morgana nadia
    nancy naomi natalia natalie natasha nicola nicole niamh nina noor nora norah olga olive
    olivia paige pamela patricia paula pauline penelope penny philippa phoebe phyllis pippa
    polly priya priyanka rachel ramona rebecca regina renee rhiannon rita roberta rosa
    rosalind rose rosemary rosie roxanne ruby ruth sabrina sally samantha sandra sara sarah
    scarlett selina seo-yeon serena shannon sharon sheila shirley sian silvia simone siobhan
    sofia sonia sophia sophie stacey stella stephanie sue sunita susan susanna suzanne
    svetlana sylvia tamara tanya tara teresa theresa tiffany tina tracey tracy ursula valerie
    vanessa vera veronica victoria violet virginia vivian wanda wendy whitney winifred yasmin
    yolanda yvonne yuki zara zoe zainab ngozi amara nkechi funmilayo wanjiru akosua abena
    ayesha farah layla salma yara leyla sakura haruka aiko yuna ji-woo eun-ji soo-jin
    min-ji xiaoling lin ying mai anh thuy kavya divya pooja ananya shreya nisha rekha
    """.split()
) | frozenset(  # common US given names of the last century, and their usual short forms
    """
    abby alexis allison alyssa angie annabelle arlene autumn becca bernice betsy brooke
    caitlin candice carly carrie cassie catalina charlene christy clarissa crystal darlene
    debra deanna della desiree dianne dina dixie doris dottie ebony elise elisa elsie emilia
    erika estelle eunice faith fannie faye flora gayle geneva genevieve ginger gladys glenda
    hailey hattie hilda hillary ilene imelda irma janelle janis jeanne jeannie jenna jennie
    jodi johanna josie juanita julianne kara karla kathy katy kimberly kristin kristina
    kristy kirsten kristi lacey lana latoya laurie laverne lila lillie lola lori lottie
    lucille luella mabel madeline mae marcy margie marlene marsha mattie meg melinda melody
    michele mindy minnie misty myra myrtle nadine nan nell nellie nikki norma opal patsy
    patti patty pearl peggy rhonda rochelle rosalie rosemarie sadie sallie selena shana
    shari sherri sherry sheryl shelly stacy summer susie suzy sybil tabitha tammy tania
    terri tessa thelma toni trisha trudy valeria velma vicki vickie viola wilma yvette zelda
    """.split()
)

MALE = frozenset(
    """
    aaron abdul abdullah adam adrian ahmed aidan alan albert alberto alejandro alexander
    alfie alfred ali alistair andre andrew andy angus anthony antonio archie arjun arnold
    arthur ashok barry ben benjamin bernard bill billy bob bobby boris brad bradley brandon
    brendan brett brian bruce bryan bryce callum calvin cameron carl carlos cedric charles
    charlie chidi chinedu chris christian christopher clarence claude clive colin conor
    craig curtis cyril dale damian damien dan daniel danny darren dave david dean declan
    dennis derek desmond diego dmitri dominic don donald douglas duncan dwayne dylan eamon
    earl eddie edgar edmund eduardo edward edwin elijah elliot emeka emmanuel enrique eric
    ernest ethan eugene evan fabio felix fergus fernando francesco francis francisco frank
    fraser fred freddie frederick gabriel gareth garry gary gavin geoff geoffrey george
    gerald gerard gilbert giorgio giovanni glen glenn gordon graham grant greg gregory gustav
    guy hamish hans harold harris harry harvey hassan hector henry herbert hiroshi howard
    hugh hugo iain ian ibrahim idris igor isaac ivan jack jackson jacob jake jamal james
    jamie jared jason javier jeff jeffrey jeremy jerome jerry jesse jim jimmy joe joel johan
    john johnny jonathan jorge jose joseph josh joshua juan julian justin kamal karl keith
    ken kenji kenneth kevin khalid kieran kofi kwame lars lawrence  len leo leon leonard
    leroy lewis liam lionel lloyd louis luca lucas luis luke malcolm manuel marc marco marcus
    mario mark martin marvin mason matt matthew maurice max michael miguel mike milan miles
    mohamed mohammed muhammad murray nathan neil nicholas nick nigel noah norman oliver omar
    oscar owen pablo patrick paul pedro percy peter phil philip pierre rafael raj rajesh
    ralph ramon randy raul ravi ray raymond reggie reginald rhys ricardo richard rick rob
    robert roberto rodney roger roland ron ronald rory ross roy rupert russell ryan  samuel
    sanjay scott sean sebastian sergei seth shane shaun sidney simon spencer stanley stefan
    stephen steve steven stuart sunil sven ted terence terry thomas tim timothy toby todd tom
    tommy tony trevor tunde tyler vernon victor vijay vikram vincent wade walter warren wayne
    wesley wilfred will william winston xavier yusuf zachary zak
    jun hao jian min-jun ji-ho hyun-woo
    takeshi hiroto kenta haruto yuto sota amit anil deepak manoj rahul rohan suresh vivek
    olu segun chukwuma kwabena yaw kojo tariq bilal hamza karim nabil rashid sami
    """.split()
) | frozenset(  # common US given names of the last century, and their usual short forms
    """
    abe abraham al alec allan allen alvin amos andres angelo antoine archibald armando
    arturo augustus austin barney bart basil benny bernie bert bernardo bertram beau blake
    bo boyd brent brock bud buddy burt byron caleb carlton cecil chad chester chip chuck
    clay clayton cliff clifford clint clyde cody cole conrad corey cornelius cory damon
    darrell darryl del delbert denny dewey dick dirk dominick donnie doug drew duane dustin
    dwight ed elbert eli elmer elvis emil emmett ernie errol ervin everett ezra floyd
    forrest franklin fritz gabe garrett gene gil grady gus hank harlan herb herman homer
    horace hubert ike ira irving jay jed jeffery jerald jeremiah joey jon jonah josef kurt
    kyle lamar lance larry leland lenny les lester lonnie lou lowell luther lyle lyndon mac
    mack marshall mathew merle mickey milton mitch mitchell monte morris moses myron nate
    ned nelson nolan norm otis otto pete preston quentin randall randolph reed reid rex rich
    richie rocky rod rodger rolf ronnie roscoe rudy rufus russ sal sammy saul scotty seymour
    sherman sid sol stan sylvester teddy thad theo theodore thurman tobias travis troy ty
    vance vern vic vince wally ward wendell wes wilbur willard willie woody zack
    """.split()
)
