"""Demo data drawn from CLAIR's published facts (shared/seeds/FACTS.md).

Dates and venues are the published ones. Start and end times are not published; the demo uses
typical fair hours (13:00-17:00) and marks that in docs/decisions.md. Events after today are
clearly labelled demo events modelled on the published pattern, so a fresh portal has something
to register for.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TOKYO)


HOSTS = [
    # slug, kind, prefecture, English, Japanese
    (
        "clair",
        "clair",
        "13",
        "CLAIR (Council of Local Authorities for International Relations)",
        "一般財団法人自治体国際化協会（クレア）",
    ),
    ("nagano-pref", "prefecture", "20", "Nagano Prefecture", "長野県"),
    ("iwate-pref", "prefecture", "03", "Iwate Prefecture", "岩手県"),
    ("gunma-pref", "prefecture", "10", "Gunma Prefecture", "群馬県"),
    ("tokyo-metro", "prefecture", "13", "Tokyo Metropolitan Government", "東京都"),
]

SERIES = [
    ("fair-2018", "CLAIR JET Career Fair 2018", "JET青年のためのキャリアフェア2018"),
    ("fair-2019", "CLAIR JET Career Fair 2019", "JET青年のためのキャリアフェア2019"),
    ("fair-2024", "CLAIR JET Career Fair 2024", "JET青年のためのキャリアフェア2024"),
    ("fair-2027", "CLAIR JET Career Fair 2027 (demo)", "JET青年のためのキャリアフェア2027（デモ）"),
]

FAIR_EN = (
    "A job fair for JET participants whose terms end this summer and for JET alumni. Meet "
    "companies and organisations that value international experience and Japanese skills."
)
FAIR_JA = (
    "今夏に任期を終えるJET青年とJET経験者を対象とした合同企業説明会です。国際経験と日本語力を"
    "評価する企業・団体と直接話すことができます。"
)
REGIONAL_EN = (
    "A regional career fair hosted by the prefecture with CLAIR's support, open to JET "
    "participants, alumni and other job seekers."
)
REGIONAL_JA = (
    "県が主催し、クレアが支援する地域の合同企業説明会です。JET青年、JET経験者に加え、"
    "一般の求職者も参加できます。"
)
DEMO_NOTE_EN = " (Demo event modelled on the published schedule.)"
DEMO_NOTE_JA = "（公表された日程をもとにしたデモ用のイベントです。）"

# The cities of EVENTS in Japanese (the event's city_ja).
CITY_JA = {
    "Chiba": "千葉市",
    "Fukuoka": "福岡市",
    "Morioka": "盛岡市",
    "Osaka": "大阪市",
    "Takasaki": "高崎市",
    "Tokyo": "東京都",
    "Ueda": "上田市",
    "Yokohama": "横浜市",
}

# slug, kind, format, series, organiser, title en, title ja, venue en, venue ja, city,
# prefecture, day, start hour, end hour, audience, capacity, booth capacity
EVENTS = [
    (
        "fair-2018-osaka",
        "career_fair",
        "in_person",
        "fair-2018",
        "clair",
        "CLAIR JET Career Fair 2018: Osaka",
        "JET青年のためのキャリアフェア2018 大阪会場",
        "Umeda Sky Building",
        "梅田スカイビル",
        "Osaka",
        "27",
        date(2018, 2, 3),
        13,
        17,
        "finishing_alumni",
        300,
        40,
    ),
    (
        "fair-2018-yokohama",
        "career_fair",
        "in_person",
        "fair-2018",
        "clair",
        "CLAIR JET Career Fair 2018: Yokohama",
        "JET青年のためのキャリアフェア2018 横浜会場",
        "Pacifico Yokohama",
        "パシフィコ横浜",
        "Yokohama",
        "14",
        date(2018, 2, 25),
        13,
        17,
        "finishing_alumni",
        500,
        80,
    ),
    (
        "regional-2018-nagano",
        "career_fair",
        "in_person",
        None,
        "nagano-pref",
        "Nagano Career Fair for Foreign Job Seekers 2018",
        "長野県 外国人求職者向け合同企業説明会2018",
        "Shinshu Science & Technology Center",
        "信州科学技術総合振興センター",
        "Ueda",
        "20",
        date(2018, 5, 19),
        13,
        16,
        "open",
        100,
        35,
    ),
    (
        "regional-2018-iwate",
        "career_fair",
        "in_person",
        None,
        "iwate-pref",
        "Iwate Career Fair 2018",
        "いわて合同企業説明会2018",
        "Hotel Metropolitan Morioka",
        "ホテルメトロポリタン盛岡",
        "Morioka",
        "03",
        date(2018, 11, 3),
        13,
        16,
        "open",
        100,
        20,
    ),
    (
        "regional-2018-gunma",
        "career_fair",
        "in_person",
        None,
        "gunma-pref",
        "Gunma Career Fair 2018",
        "ぐんま合同企業説明会2018",
        "Takasaki Washington Hotel Plaza",
        "高崎ワシントンホテルプラザ",
        "Takasaki",
        "10",
        date(2018, 11, 10),
        13,
        16,
        "open",
        150,
        25,
    ),
    (
        "fair-2019-fukuoka",
        "career_fair",
        "in_person",
        "fair-2019",
        "clair",
        "CLAIR JET Career Fair 2019: Fukuoka",
        "JET青年のためのキャリアフェア2019 福岡会場",
        "Fukuoka Fashion Building",
        "福岡ファッションビル",
        "Fukuoka",
        "40",
        date(2019, 2, 3),
        13,
        17,
        "finishing_alumni",
        200,
        40,
    ),
    (
        "fair-2019-osaka",
        "career_fair",
        "in_person",
        "fair-2019",
        "clair",
        "CLAIR JET Career Fair 2019: Osaka",
        "JET青年のためのキャリアフェア2019 大阪会場",
        "Herbis Hall",
        "ハービスHALL",
        "Osaka",
        "27",
        date(2019, 2, 17),
        13,
        17,
        "finishing_alumni",
        300,
        50,
    ),
    (
        "fair-2019-tokyo",
        "career_fair",
        "in_person",
        "fair-2019",
        "clair",
        "CLAIR JET Career Fair 2019: Tokyo area",
        "JET青年のためのキャリアフェア2019 東京会場",
        "Tokyo Bay Makuhari Hall",
        "東京ベイ幕張ホール",
        "Chiba",
        "12",
        date(2019, 3, 1),
        13,
        17,
        "finishing_alumni",
        500,
        80,
    ),
    (
        "career-vision-training-2023",
        "training",
        "online",
        None,
        "clair",
        "Career Vision Training 2023",
        "キャリアビジョン研修2023",
        "",
        "",
        "",
        "",
        date(2023, 11, 18),
        10,
        17,
        "all_jet",
        800,
        None,
    ),
    (
        "webinar-2024-job-hunting",
        "webinar",
        "online",
        None,
        "clair",
        "Webinar: the basics of job hunting in Japan",
        "ウェビナー：日本の就職活動の基礎",
        "",
        "",
        "",
        "",
        date(2024, 1, 27),
        14,
        16,
        "all_jet",
        500,
        None,
    ),
    (
        "networking-2024-pre-departure",
        "networking",
        "online",
        None,
        "clair",
        "Pre-departure networking and individual consultations",
        "離任前ネットワーキング・個別キャリア相談会",
        "",
        "",
        "",
        "",
        date(2024, 2, 10),
        13,
        17,
        "finishing_alumni",
        100,
        None,
    ),
    (
        "fair-2024-osaka",
        "career_fair",
        "hybrid",
        "fair-2024",
        "clair",
        "CLAIR JET Career Fair 2024: Osaka",
        "JET青年のためのキャリアフェア2024 大阪会場",
        "Osaka venue (also streamed online)",
        "大阪会場（オンライン同時配信）",
        "Osaka",
        "27",
        date(2024, 2, 17),
        13,
        17,
        "finishing_alumni",
        300,
        75,
    ),
    (
        "fair-2024-tokyo",
        "career_fair",
        "hybrid",
        "fair-2024",
        "clair",
        "CLAIR JET Career Fair 2024: Tokyo",
        "JET青年のためのキャリアフェア2024 東京会場",
        "Tokyo venue (also streamed online)",
        "東京会場（オンライン同時配信）",
        "Tokyo",
        "13",
        date(2024, 2, 25),
        13,
        17,
        "finishing_alumni",
        400,
        75,
    ),
    # Upcoming demo events (after today's date) on the same pattern.
    (
        "career-vision-training-2026",
        "training",
        "online",
        None,
        "clair",
        "Career Vision Training 2026",
        "キャリアビジョン研修2026",
        "",
        "",
        "",
        "",
        date(2026, 12, 12),
        10,
        17,
        "all_jet",
        800,
        None,
    ),
    (
        "webinar-2027-job-hunting",
        "webinar",
        "online",
        None,
        "clair",
        "Webinar: the basics of job hunting in Japan 2027",
        "ウェビナー：日本の就職活動の基礎2027",
        "",
        "",
        "",
        "",
        date(2027, 1, 23),
        14,
        16,
        "all_jet",
        500,
        None,
    ),
    (
        "networking-2027-pre-departure",
        "networking",
        "online",
        None,
        "clair",
        "Pre-departure networking and individual consultations 2027",
        "離任前ネットワーキング・個別キャリア相談会2027",
        "",
        "",
        "",
        "",
        date(2027, 2, 6),
        13,
        17,
        "finishing_alumni",
        100,
        None,
    ),
    (
        "fair-2027-osaka",
        "career_fair",
        "hybrid",
        "fair-2027",
        "clair",
        "CLAIR JET Career Fair 2027: Osaka",
        "JET青年のためのキャリアフェア2027 大阪会場",
        "Herbis Hall",
        "ハービスHALL",
        "Osaka",
        "27",
        date(2027, 2, 13),
        13,
        17,
        "finishing_alumni",
        300,
        60,
    ),
    (
        "fair-2027-tokyo",
        "career_fair",
        "hybrid",
        "fair-2027",
        "clair",
        "CLAIR JET Career Fair 2027: Tokyo",
        "JET青年のためのキャリアフェア2027 東京会場",
        "Tokyo Bay Makuhari Hall",
        "東京ベイ幕張ホール",
        "Chiba",
        "12",
        date(2027, 2, 21),
        13,
        17,
        "finishing_alumni",
        500,
        90,
    ),
]

# Multi-day events: slug -> last day (the published dates span two days).
LAST_DAY = {
    "career-vision-training-2023": date(2023, 11, 19),
    "networking-2024-pre-departure": date(2024, 2, 11),
}

# email, English name, Japanese (katakana/kanji) name, status, position, prefecture, country,
# contracting organisation, JET start, term end, JLPT (0 none .. 5 = N1)
PARTICIPANTS = [
    (
        "emily.carter@example.com",
        "Emily Carter",
        "エミリー・カーター",
        "current",
        "ALT",
        "20",
        "US",
        "Nagano Prefectural Board of Education",
        date(2023, 8, 1),
        date(2027, 7, 31),
        4,
    ),
    (
        "daniel.okafor@example.com",
        "Daniel Okafor",
        "ダニエル・オカフォー",
        "alumni",
        "CIR",
        "03",
        "GB",
        "Iwate Prefecture",
        date(2019, 8, 1),
        date(2024, 7, 31),
        5,
    ),
    (
        "sophie.martin@example.com",
        "Sophie Martin",
        "ソフィー・マルタン",
        "current",
        "ALT",
        "10",
        "CA",
        "Takasaki City Board of Education",
        date(2024, 8, 1),
        date(2027, 7, 31),
        3,
    ),
    (
        "liam.nguyen@example.com",
        "Liam Nguyen",
        "リアム・グエン",
        "alumni",
        "SEA",
        "27",
        "AU",
        "Osaka City",
        date(2018, 8, 1),
        date(2021, 7, 31),
        4,
    ),
    (
        "aiko.tanaka@example.com",
        "Aiko Tanaka",
        "田中 愛子",
        "other",
        "",
        "03",
        "JP",
        "",
        None,
        None,
        0,
    ),
]

# slug, English name, Japanese name, industry, prefecture, size, status, owner e-mail
EMPLOYERS = [
    (
        "shinshu-precision",
        "Shinshu Precision Co., Ltd.",
        "信州精密株式会社",
        "manufacturing",
        "20",
        "300-999",
        "verified",
        "hr@shinshu-precision.example",
    ),
    (
        "setouchi-travel",
        "Setouchi Travel Inc.",
        "瀬戸内トラベル株式会社",
        "tourism",
        "34",
        "50-299",
        "verified",
        "recruit@setouchi-travel.example",
    ),
    (
        "kanto-global-trading",
        "Kanto Global Trading Co., Ltd.",
        "関東グローバル商事株式会社",
        "trade",
        "13",
        "1000+",
        "pending",
        "jinji@kanto-global.example",
    ),
]

STAFF_EMAIL = "staff@jetcareer.example"
DEMO_PASSWORD = "jet-career-demo"  # noqa: S105 - printed by `make run`, demo database only

# email -> (industries in order, job types, introduction, shares with employers, advises on)
PREFERENCES = {
    "emily.carter@example.com": (
        ["tourism", "education", "translation"], ["translation", "international"],
        "ALT in Nagano since 2023. I run the school's English club and guide visitors from "
        "our sister city. JLPT N2.", True, [],
    ),
    "daniel.okafor@example.com": (
        ["public", "tourism"], ["international", "research"],
        "Former CIR in Iwate, now working in inbound tourism promotion in Morioka.", True,
        ["tourism", "public"],
    ),
    "sophie.martin@example.com": (
        ["it", "manufacturing"], ["engineering", "translation"],
        "ALT in Takasaki with a degree in computer science.", False, [],
    ),
    "liam.nguyen@example.com": (
        ["hospitality", "education"], ["hospitality", "teaching"],
        "Former SEA in Osaka, now at a sports tourism company.", True, ["hospitality"],
    ),
    "aiko.tanaka@example.com": (
        ["trade"], ["sales"], "Looking for work in Iwate after studying abroad.", False, [],
    ),
}  # fmt: skip

# The Japanese bio of each demo advisor (their English bio is their introduction above):
# participants who read the portal in Japanese see this one (ParticipantProfile.advisor_bio).
ADVISOR_BIOS_JA = {
    "daniel.okafor@example.com": (
        "元岩手県CIR（国際交流員）。現在は盛岡市でインバウンド観光の推進に携わっています。"
    ),
    "liam.nguyen@example.com": (
        "元大阪市SEA（スポーツ国際交流員）。現在はスポーツツーリズムの会社で働いています。"
    ),
}

# slug -> (contact person, phone, English description, Japanese description)
EMPLOYER_DETAILS = {
    "shinshu-precision": (
        "Kenji Kobayashi", "026-000-0000",
        "Precision parts maker in Nagano exporting to 20 countries.",
        "長野県で精密部品を製造し、20か国に輸出しています。",
    ),
    "setouchi-travel": (
        "Mai Fujita", "082-000-0000",
        "Travel company creating tours of the Seto Inland Sea for visitors from abroad.",
        "瀬戸内海を巡る訪日外国人向けツアーを企画する旅行会社です。",
    ),
    "kanto-global-trading": (
        "Takuya Ishii", "03-0000-0000",
        "Trading company importing food and household goods.",
        "食品と日用品を輸入する商社です。",
    ),
}  # fmt: skip

# Published results (FACTS.md): slug -> (participants, of whom JET, exhibitors, online presenters).
# The 2024 fair published cumulative figures (588 participants, about 150 exhibitors, 49 of them
# first-time, 26 online); the demo splits them between its two venues. Nagano did not publish
# its JET share: the demo counts its visitors as JET participants.
FAIR_FIGURES = {
    "fair-2018-osaka": (143, 143, 31, 0),
    "fair-2018-yokohama": (352, 352, 75, 0),
    "regional-2018-nagano": (35, 35, 32, 0),
    "regional-2018-iwate": (49, 14, 17, 0),
    "regional-2018-gunma": (113, 33, 20, 0),
    "fair-2024-osaka": (260, 260, 75, 13),
    "fair-2024-tokyo": (328, 328, 75, 13),
    "career-vision-training-2023": (616, 616, 0, 0),
    "webinar-2024-job-hunting": (379, 379, 0, 0),
}
FIRST_TIME_2024 = {"fair-2024-osaka": 25, "fair-2024-tokyo": 24}

# Career Vision Training 2023: panels and Q&A by alumni working in 12 industries.
PANEL_INDUSTRIES = [
    "education", "tourism", "it", "manufacturing", "trade", "finance",
    "consulting", "media", "hospitality", "public", "translation", "hr",
]  # fmt: skip

# 2018 survey results (FACTS.md): 96% of visitors "very satisfied" or "satisfied" at each
# venue; exhibitors with "candidates we may hire": Osaka 95%, Yokohama 93%.
# slug -> (visitors answering, of whom satisfied, exhibitors answering, of whom "yes")
SURVEY_FIGURES = {
    "fair-2018-osaka": (143, 137, 20, 19),
    "fair-2018-yokohama": (352, 338, 75, 70),
}
