"""Names and Thai text for the benchmark's national cycle: plausible lengths and characters, not real data.

The narratives, strengths and improvements are built from these sentences (3–5 at a time), so a level's narrative
is a few hundred Thai characters, with the vowels and tone marks (ำ, ่, ้, ั …) a PDF has to shape.
"""

# (code, Thai name, English name)
MINISTRIES = [
    ("opm", "สำนักนายกรัฐมนตรี", "Office of the Prime Minister"),
    ("mod", "กระทรวงกลาโหม", "Ministry of Defence"),
    ("mof", "กระทรวงการคลัง", "Ministry of Finance"),
    ("mfa", "กระทรวงการต่างประเทศ", "Ministry of Foreign Affairs"),
    ("mots", "กระทรวงการท่องเที่ยวและกีฬา", "Ministry of Tourism and Sports"),
    ("msdhs", "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์", "Ministry of Social Development and Human Security"),
    (
        "mhesi",
        "กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม",
        "Ministry of Higher Education, Science, Research and Innovation",
    ),
    ("moac", "กระทรวงเกษตรและสหกรณ์", "Ministry of Agriculture and Cooperatives"),
    ("mot", "กระทรวงคมนาคม", "Ministry of Transport"),
    ("mdes", "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", "Ministry of Digital Economy and Society"),
    ("mnre", "กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม", "Ministry of Natural Resources and Environment"),
    ("moen", "กระทรวงพลังงาน", "Ministry of Energy"),
    ("moc", "กระทรวงพาณิชย์", "Ministry of Commerce"),
    ("moi", "กระทรวงมหาดไทย", "Ministry of Interior"),
    ("moj", "กระทรวงยุติธรรม", "Ministry of Justice"),
    ("mol", "กระทรวงแรงงาน", "Ministry of Labour"),
    ("mculture", "กระทรวงวัฒนธรรม", "Ministry of Culture"),
    ("moe", "กระทรวงศึกษาธิการ", "Ministry of Education"),
    ("moph", "กระทรวงสาธารณสุข", "Ministry of Public Health"),
    ("moind", "กระทรวงอุตสาหกรรม", "Ministry of Industry"),
]

# What departments and public organisations do: (Thai, English, ministry code)
TOPICS = [
    ("ส่งเสริมการเกษตร", "Agricultural Extension", "moac"),
    ("พัฒนาที่ดิน", "Land Development", "moac"),
    ("ชลประทาน", "Irrigation", "moac"),
    ("ประมง", "Fisheries", "moac"),
    ("ปศุสัตว์", "Livestock Development", "moac"),
    ("ส่งเสริมสหกรณ์", "Cooperative Promotion", "moac"),
    ("ทางหลวง", "Highways", "mot"),
    ("ทางหลวงชนบท", "Rural Roads", "mot"),
    ("การขนส่งทางบก", "Land Transport", "mot"),
    ("เจ้าท่า", "Marine", "mot"),
    ("ท่าอากาศยาน", "Airports", "mot"),
    ("ควบคุมโรค", "Disease Control", "moph"),
    ("การแพทย์", "Medical Services", "moph"),
    ("อนามัย", "Health", "moph"),
    ("สุขภาพจิต", "Mental Health", "moph"),
    ("วิทยาศาสตร์การแพทย์", "Medical Sciences", "moph"),
    ("สนับสนุนบริการสุขภาพ", "Health Service Support", "moph"),
    ("การปกครอง", "Provincial Administration", "moi"),
    ("ที่ดิน", "Lands", "moi"),
    ("โยธาธิการและผังเมือง", "Public Works and Town Planning", "moi"),
    ("ป้องกันและบรรเทาสาธารณภัย", "Disaster Prevention and Mitigation", "moi"),
    ("ส่งเสริมการปกครองท้องถิ่น", "Local Administration", "moi"),
    ("พัฒนาชุมชน", "Community Development", "moi"),
    ("สรรพากร", "Revenue", "mof"),
    ("ศุลกากร", "Customs", "mof"),
    ("สรรพสามิต", "Excise", "mof"),
    ("บัญชีกลาง", "Comptroller General", "mof"),
    ("ธนารักษ์", "Treasury", "mof"),
    ("การจัดหางาน", "Employment", "mol"),
    ("พัฒนาฝีมือแรงงาน", "Skill Development", "mol"),
    ("สวัสดิการและคุ้มครองแรงงาน", "Labour Protection and Welfare", "mol"),
    ("ราชทัณฑ์", "Corrections", "moj"),
    ("คุมประพฤติ", "Probation", "moj"),
    ("บังคับคดี", "Legal Execution", "moj"),
    ("คุ้มครองสิทธิและเสรีภาพ", "Rights and Liberties Protection", "moj"),
    ("สอบสวนคดีพิเศษ", "Special Investigation", "moj"),
    ("การค้าภายใน", "Internal Trade", "moc"),
    ("การค้าต่างประเทศ", "Foreign Trade", "moc"),
    ("ทรัพย์สินทางปัญญา", "Intellectual Property", "moc"),
    ("พัฒนาธุรกิจการค้า", "Business Development", "moc"),
    ("โรงงานอุตสาหกรรม", "Industrial Works", "moind"),
    ("ส่งเสริมอุตสาหกรรม", "Industrial Promotion", "moind"),
    ("อุตุนิยมวิทยา", "Meteorology", "mdes"),
    ("ส่งเสริมเศรษฐกิจดิจิทัล", "Digital Economy Promotion", "mdes"),
    ("ทรัพยากรน้ำ", "Water Resources", "mnre"),
    ("ทรัพยากรธรณี", "Mineral Resources", "mnre"),
    ("ควบคุมมลพิษ", "Pollution Control", "mnre"),
    ("ส่งเสริมคุณภาพสิ่งแวดล้อม", "Environmental Quality Promotion", "mnre"),
    ("อุทยานแห่งชาติ สัตว์ป่า และพันธุ์พืช", "National Parks, Wildlife and Plant Conservation", "mnre"),
    ("ป่าไม้", "Forestry", "mnre"),
    ("ทรัพยากรทางทะเลและชายฝั่ง", "Marine and Coastal Resources", "mnre"),
    ("ธุรกิจพลังงาน", "Energy Business", "moen"),
    ("เชื้อเพลิงธรรมชาติ", "Mineral Fuels", "moen"),
    ("พัฒนาพลังงานทดแทนและอนุรักษ์พลังงาน", "Alternative Energy Development and Efficiency", "moen"),
    ("ศิลปากร", "Fine Arts", "mculture"),
    ("การศาสนา", "Religious Affairs", "mculture"),
    ("ส่งเสริมวัฒนธรรม", "Cultural Promotion", "mculture"),
    ("พลศึกษา", "Physical Education", "mots"),
    ("การท่องเที่ยว", "Tourism", "mots"),
    ("กิจการเด็กและเยาวชน", "Children and Youth", "msdhs"),
    ("ส่งเสริมและพัฒนาคุณภาพชีวิตคนพิการ", "Empowerment of Persons with Disabilities", "msdhs"),
    ("กิจการสตรีและสถาบันครอบครัว", "Women's Affairs and Family Development", "msdhs"),
    ("พัฒนาสังคมและสวัสดิการ", "Social Development and Welfare", "msdhs"),
    ("วิทยาศาสตร์บริการ", "Science Service", "mhesi"),
    ("ส่งเสริมการวิจัยและนวัตกรรม", "Research and Innovation Promotion", "mhesi"),
    ("ประชาสัมพันธ์", "Public Relations", "opm"),
    ("พัฒนาระบบราชการ", "Public Sector Development", "opm"),
    ("การกงสุล", "Consular Affairs", "mfa"),
    ("เศรษฐกิจระหว่างประเทศ", "International Economic Affairs", "mfa"),
    ("การศึกษานอกระบบและการศึกษาตามอัธยาศัย", "Non-Formal and Informal Education", "moe"),
    ("ส่งเสริมการศึกษาเอกชน", "Private Education Promotion", "moe"),
    ("การสัสดี", "Military Reserve Affairs", "mod"),
]

# Departments and the like take these words before their topic: (Thai, English pattern)
DEPARTMENT_FORMS = [
    ("กรม", "Department of {}"),
    ("สำนักงาน", "Office of {}"),
    ("สถาบัน", "Institute of {}"),
    ("ศูนย์", "Centre for {}"),
]
PUBLIC_ORGANISATION_FORMS = [
    ("สำนักงานพัฒนา{} (องค์การมหาชน)", "{} Development Agency (Public Organization)"),
    ("สถาบันส่งเสริม{} (องค์การมหาชน)", "{} Promotion Institute (Public Organization)"),
]
OTHER_FORM = ("สำนักงานคณะกรรมการ{}", "Office of the {} Commission")

# The 76 provinces (Bangkok is a local government, not a province office).
PROVINCES = [
    ("กระบี่", "Krabi"), ("กาญจนบุรี", "Kanchanaburi"), ("กาฬสินธุ์", "Kalasin"), ("กำแพงเพชร", "Kamphaeng Phet"),
    ("ขอนแก่น", "Khon Kaen"), ("จันทบุรี", "Chanthaburi"), ("ฉะเชิงเทรา", "Chachoengsao"), ("ชลบุรี", "Chon Buri"),
    ("ชัยนาท", "Chai Nat"), ("ชัยภูมิ", "Chaiyaphum"), ("ชุมพร", "Chumphon"), ("เชียงราย", "Chiang Rai"),
    ("เชียงใหม่", "Chiang Mai"), ("ตรัง", "Trang"), ("ตราด", "Trat"), ("ตาก", "Tak"),
    ("นครนายก", "Nakhon Nayok"), ("นครปฐม", "Nakhon Pathom"), ("นครพนม", "Nakhon Phanom"),
    ("นครราชสีมา", "Nakhon Ratchasima"), ("นครศรีธรรมราช", "Nakhon Si Thammarat"), ("นครสวรรค์", "Nakhon Sawan"),
    ("นนทบุรี", "Nonthaburi"), ("นราธิวาส", "Narathiwat"), ("น่าน", "Nan"), ("บึงกาฬ", "Bueng Kan"),
    ("บุรีรัมย์", "Buri Ram"), ("ปทุมธานี", "Pathum Thani"), ("ประจวบคีรีขันธ์", "Prachuap Khiri Khan"),
    ("ปราจีนบุรี", "Prachin Buri"), ("ปัตตานี", "Pattani"), ("พระนครศรีอยุธยา", "Phra Nakhon Si Ayutthaya"),
    ("พะเยา", "Phayao"), ("พังงา", "Phang Nga"), ("พัทลุง", "Phatthalung"), ("พิจิตร", "Phichit"),
    ("พิษณุโลก", "Phitsanulok"), ("เพชรบุรี", "Phetchaburi"), ("เพชรบูรณ์", "Phetchabun"), ("แพร่", "Phrae"),
    ("ภูเก็ต", "Phuket"), ("มหาสารคาม", "Maha Sarakham"), ("มุกดาหาร", "Mukdahan"), ("แม่ฮ่องสอน", "Mae Hong Son"),
    ("ยโสธร", "Yasothon"), ("ยะลา", "Yala"), ("ร้อยเอ็ด", "Roi Et"), ("ระนอง", "Ranong"), ("ระยอง", "Rayong"),
    ("ราชบุรี", "Ratchaburi"), ("ลพบุรี", "Lop Buri"), ("ลำปาง", "Lampang"), ("ลำพูน", "Lamphun"), ("เลย", "Loei"),
    ("ศรีสะเกษ", "Si Sa Ket"), ("สกลนคร", "Sakon Nakhon"), ("สงขลา", "Songkhla"), ("สตูล", "Satun"),
    ("สมุทรปราการ", "Samut Prakan"), ("สมุทรสงคราม", "Samut Songkhram"), ("สมุทรสาคร", "Samut Sakhon"),
    ("สระแก้ว", "Sa Kaeo"), ("สระบุรี", "Saraburi"), ("สิงห์บุรี", "Sing Buri"), ("สุโขทัย", "Sukhothai"),
    ("สุพรรณบุรี", "Suphan Buri"), ("สุราษฎร์ธานี", "Surat Thani"), ("สุรินทร์", "Surin"), ("หนองคาย", "Nong Khai"),
    ("หนองบัวลำภู", "Nong Bua Lam Phu"), ("อ่างทอง", "Ang Thong"), ("อำนาจเจริญ", "Amnat Charoen"),
    ("อุดรธานี", "Udon Thani"), ("อุตรดิตถ์", "Uttaradit"), ("อุทัยธานี", "Uthai Thani"),
    ("อุบลราชธานี", "Ubon Ratchathani"),
]  # fmt: skip

FIRST_NAMES = [
    "สมชาย", "สมหญิง", "วิไลวรรณ", "ประสิทธิ์", "กาญจนา", "ธนพล", "อรุณี", "สุรเชษฐ์", "พิมพ์ชนก", "ณัฐวุฒิ",
    "จิราพร", "ชัยวัฒน์", "ศิริพร", "อำนาจ", "นงลักษณ์", "วรวุฒิ", "รัตนา", "เกียรติศักดิ์", "ดวงใจ", "ปิยะพงษ์",
]  # fmt: skip
LAST_NAMES = [
    "ศรีสวัสดิ์", "ใจดี", "รุ่งเรือง", "แก้วประเสริฐ", "บุญมา", "ทองคำ", "สุขสำราญ", "วงศ์ใหญ่", "จันทร์หอม",
    "มั่นคง", "เพชรรัตน์", "สายสุวรรณ", "พรหมมา", "อินทร์แก้ว", "นาคสวัสดิ์", "ชำนาญกิจ",
]  # fmt: skip

# The agency's narrative per level: basic = approach and deployment, advance = learning and integration,
# significance = results and innovation.
NARRATIVE = {
    "basic": [
        "{agency}กำหนดแนวทางการดำเนินงานเป็นลายลักษณ์อักษร โดยผู้บริหารระดับสูงร่วมพิจารณาและประกาศใช้ทั่วทั้งองค์การ",
        "มีการจัดทำแผนปฏิบัติการประจำปีที่ระบุตัวชี้วัด ค่าเป้าหมาย ผู้รับผิดชอบ และกรอบเวลาอย่างชัดเจน",
        "ถ่ายทอดแนวทางสู่ทุกหน่วยงานผ่านคำรับรองการปฏิบัติราชการ การประชุมประจำเดือน และช่องทางสื่อสารภายในองค์การ",
        "กำหนดผู้รับผิดชอบหลักและคณะทำงานร่วมจากทุกกอง เพื่อให้การดำเนินงานเป็นไปในทิศทางเดียวกัน",
        "จัดทำคู่มือการปฏิบัติงานและมาตรฐานการให้บริการ พร้อมเผยแพร่ให้บุคลากรนำไปใช้ได้ทันที",
        "ติดตามความก้าวหน้าของการดำเนินงานเป็นรายไตรมาส และรายงานผลต่อคณะกรรมการบริหารของส่วนราชการ",
        "รวบรวมความต้องการของผู้รับบริการและผู้มีส่วนได้ส่วนเสียสำคัญ เพื่อนำมากำหนดลำดับความสำคัญของงาน",
        "ใช้ระบบสารสนเทศกลางในการจัดเก็บข้อมูลผลการดำเนินงาน ทำให้ทุกหน่วยงานเข้าถึงข้อมูลชุดเดียวกัน",
    ],
    "advance": [
        "นำผลการติดตามมาทบทวนอย่างเป็นระบบทุกรอบหกเดือน และปรับปรุงกระบวนการที่ยังไม่บรรลุค่าเป้าหมาย",
        "เชื่อมโยงแผนงานกับยุทธศาสตร์ชาติ แผนแม่บท และแผนปฏิรูปประเทศ โดยแสดงความสอดคล้องในทุกระดับ",
        "เปรียบเทียบผลการดำเนินงานกับส่วนราชการที่มีภารกิจใกล้เคียง เพื่อกำหนดเป้าหมายที่ท้าทายมากขึ้น",
        "บูรณาการข้อมูลร่วมกับหน่วยงานภาคีผ่านระบบแลกเปลี่ยนข้อมูลดิจิทัล ลดความซ้ำซ้อนในการทำงาน",
        "จัดเวทีแลกเปลี่ยนเรียนรู้ภายในองค์การ และนำบทเรียนที่ได้ไปขยายผลสู่หน่วยงานอื่นอย่างต่อเนื่อง",
        "ใช้ข้อมูลเชิงประจักษ์และการวิเคราะห์ความเสี่ยงประกอบการตัดสินใจของผู้บริหารทุกระดับ",
        "ทบทวนความพึงพอใจและความผูกพันของผู้รับบริการ แล้วนำข้อคิดเห็นมาปรับปรุงการให้บริการ",
    ],
    "significance": [
        "ผลการดำเนินงานดีขึ้นอย่างต่อเนื่องสามปีติดต่อกัน และสูงกว่าค่าเฉลี่ยของส่วนราชการที่เทียบเคียง",
        "พัฒนานวัตกรรมการให้บริการที่ได้รับรางวัลเลิศรัฐ และมีหน่วยงานอื่นนำไปประยุกต์ใช้",
        "สร้างคุณค่าให้แก่ประชาชนอย่างเป็นรูปธรรม ลดระยะเวลาการให้บริการลงกว่าร้อยละสามสิบ",
        "เป็นต้นแบบด้านการบริหารจัดการที่ดี และได้รับเชิญให้ถ่ายทอดประสบการณ์แก่ส่วนราชการอื่น",
        "ผลลัพธ์สอดคล้องกับเป้าหมายการพัฒนาที่ยั่งยืน และส่งผลต่อความสามารถในการแข่งขันของประเทศ",
    ],
}

STRENGTHS = [
    "ส่วนราชการมีการกำหนดแนวทางที่ชัดเจนและเป็นระบบ ถ่ายทอดสู่การปฏิบัติครอบคลุมทุกหน่วยงาน",
    "ผู้บริหารให้ความสำคัญและติดตามผลการดำเนินงานอย่างสม่ำเสมอ มีการสื่อสารสองทางกับบุคลากร",
    "มีการใช้ข้อมูลและสารสนเทศประกอบการตัดสินใจ และนำผลการวิเคราะห์ไปปรับปรุงกระบวนการทำงาน",
    "มีการบูรณาการการทำงานร่วมกับภาคีเครือข่าย ทั้งภาครัฐ ภาคเอกชน และภาคประชาสังคม",
    "ผลการดำเนินงานสำคัญมีแนวโน้มดีขึ้น และบรรลุค่าเป้าหมายตามคำรับรองการปฏิบัติราชการ",
    "มีการจัดทำคู่มือและมาตรฐานการปฏิบัติงานที่ทันสมัย ทำให้การให้บริการมีคุณภาพสม่ำเสมอ",
]
IMPROVEMENTS = [
    "ควรเชื่อมโยงผลการดำเนินงานกับเป้าหมายยุทธศาสตร์ชาติให้ชัดเจนยิ่งขึ้น และแสดงตัวชี้วัดที่วัดผลลัพธ์",
    "ควรทบทวนประสิทธิผลของแนวทางอย่างเป็นระบบ และนำข้อมูลเปรียบเทียบมากำหนดค่าเป้าหมายที่ท้าทาย",
    "ควรขยายการใช้เทคโนโลยีดิจิทัลในการจัดเก็บและวิเคราะห์ข้อมูล เพื่อลดภาระการทำงานซ้ำซ้อน",
    "ควรแสดงหลักฐานผลลัพธ์ที่ต่อเนื่องอย่างน้อยสามปี เพื่อยืนยันความยั่งยืนของการดำเนินงาน",
    "ควรสร้างนวัตกรรมที่ตอบสนองความต้องการของผู้รับบริการกลุ่มเปราะบาง และประเมินผลกระทบอย่างเป็นรูปธรรม",
    "ควรกำหนดผู้รับผิดชอบและกรอบเวลาการปรับปรุงให้ชัดเจน พร้อมรายงานความก้าวหน้าต่อผู้บริหาร",
]

RETURN_MESSAGE = "ขอให้ส่วนราชการทบทวนหลักฐานประกอบและคำอธิบายในประเด็นที่ระบุ ก่อนส่งกลับมาอีกครั้งภายในสองสัปดาห์"
RETURN_NOTE = "คำอธิบายระดับก้าวหน้ายังไม่แสดงการทบทวนและปรับปรุงที่เป็นระบบ ขอให้เพิ่มหลักฐานผลการทบทวน"

# Evidence: a file per category that supports its four items, then per item one file and one link.
CATEGORY_FILE = "รายงานผลการดำเนินงานตามแผนปฏิบัติราชการ หมวด {number} ประจำปีงบประมาณ {year}"
ITEM_FILES = [
    "คำสั่งแต่งตั้งคณะทำงานขับเคลื่อนการพัฒนาคุณภาพการบริหารจัดการภาครัฐ ประเด็น {item}",
    "สรุปผลการประชุมคณะกรรมการบริหาร ครั้งที่ {n}/{year} วาระการดำเนินงานตามประเด็น {item}",
    "คู่มือการปฏิบัติงานและมาตรฐานการให้บริการ ประเด็น {item}",
    "ผลการสำรวจความพึงพอใจของผู้รับบริการ ปีงบประมาณ {year} (ประกอบประเด็น {item})",
]
ITEM_LINK = "ระบบติดตามผลการดำเนินงานออนไลน์ ประเด็น {item}"
EVIDENCE_DESCRIPTION = "เอกสารประกอบการประเมินที่แสดงการนำแนวทางไปปฏิบัติและผลที่เกิดขึ้น"
