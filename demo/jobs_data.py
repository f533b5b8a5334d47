"""Demo jobs: about thirty jobs from the demo employers in English and Japanese, one waiting for
CLAIR's approval, and a few applications (one hire this fiscal year, for the report). Dates are
relative to today, so the jobs stay open whenever the demo is loaded. Safe to run again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from employers.models import Employer
from jetcareer.fiscal_year import TOKYO
from jobs.models import Job, JobAlert, JobApplication
from participants.models import ParticipantProfile


@dataclass(frozen=True)
class Template:
    title_en: str
    title_ja: str
    job_type: str
    description_en: str
    description_ja: str
    min_jlpt: int
    visa: str
    employment: str
    salary: tuple[int, int, str]
    experience_en: str = ""
    experience_ja: str = ""
    remote: bool = False


FULL, CONTRACT, PART = "full_time", "contract", "part_time"
YES, CASE, NO = "yes", "case_by_case", "no"
MONTHLY, YEARLY = "monthly", "yearly"

# Two kinds of job for each industry of the demo companies (demo/crowd.py).
BY_INDUSTRY: dict[str, list[Template]] = {
    "trade": [
        Template(
            "International sales coordinator",
            "海外営業コーディネーター",
            "sales",
            "Coordinate orders with our customers in Asia and North America, in English "
            "and Japanese.",
            "アジア・北米のお客様との受発注を英語と日本語で調整していただきます。",
            4,
            YES,
            FULL,
            (260_000, 330_000, MONTHLY),
            "Office software; trade experience welcome.",
            "オフィスソフトの操作。貿易経験は歓迎。",
        ),
        Template(
            "Import and export assistant",
            "輸出入事務アシスタント",
            "administration",
            "Prepare shipping documents and answer overseas suppliers.",
            "船積書類の作成と海外仕入先への対応をお任せします。",
            3,
            CASE,
            CONTRACT,
            (230_000, 260_000, MONTHLY),
        ),
    ],
    "tourism": [
        Template(
            "Inbound tour planner",
            "インバウンド旅行プランナー",
            "international",
            "Plan tours for visitors from abroad and work with local guides and inns.",
            "海外からのお客様向けのツアーを企画し、地域のガイドや旅館と連携します。",
            3,
            YES,
            FULL,
            (240_000, 300_000, MONTHLY),
            "Experience of hosting visitors, as on JET.",
            "JETなどでの来訪者対応の経験。",
        ),
        Template(
            "Travel counter staff (English)",
            "旅行カウンタースタッフ（英語対応）",
            "hospitality",
            "Welcome travellers at our counter and book their trips.",
            "カウンターで旅行者をお迎えし、旅行の手配を行います。",
            2,
            NO,
            PART,
            (180_000, 210_000, MONTHLY),
        ),
    ],
    "it": [
        Template(
            "Bilingual IT support engineer",
            "バイリンガルITサポートエンジニア",
            "engineering",
            "Support the users of our booking software in English and Japanese.",
            "予約ソフトウェアの利用者を英語と日本語でサポートします。",
            3,
            YES,
            FULL,
            (4_000_000, 5_500_000, YEARLY),
            "Basic networking; any programming language.",
            "ネットワークの基礎知識、プログラミング経験。",
            True,
        ),
        Template(
            "Web localisation specialist",
            "ウェブローカライズ担当",
            "translation",
            "Adapt our apps and websites for English-speaking markets.",
            "アプリとウェブサイトを英語圏向けにローカライズします。",
            4,
            CASE,
            FULL,
            (4_200_000, 5_000_000, YEARLY),
            remote=True,
        ),
    ],
    "manufacturing": [
        Template(
            "Overseas procurement assistant",
            "海外調達アシスタント",
            "administration",
            "Find and follow up suppliers abroad for our factory.",
            "工場で使う部品の海外調達先の開拓と管理を担当します。",
            4,
            CASE,
            CONTRACT,
            (230_000, 280_000, MONTHLY),
        ),
        Template(
            "Technical writer (English manuals)",
            "テクニカルライター（英文マニュアル）",
            "translation",
            "Write and check the English manuals of our machines.",
            "当社製品の英文マニュアルの作成とチェックを行います。",
            4,
            YES,
            FULL,
            (270_000, 320_000, MONTHLY),
        ),
    ],
    "education": [
        Template(
            "English instructor for adults",
            "社会人向け英語講師",
            "teaching",
            "Teach business English to company employees in small groups.",
            "企業の社員に少人数でビジネス英語を教えます。",
            0,
            YES,
            FULL,
            (250_000, 280_000, MONTHLY),
            "Teaching experience, such as JET.",
            "JETなどでの指導経験。",
        ),
        Template(
            "International student adviser",
            "留学生アドバイザー",
            "international",
            "Advise international students on study and life in Japan.",
            "留学生の学業や日本での生活について相談に応じます。",
            4,
            YES,
            CONTRACT,
            (240_000, 270_000, MONTHLY),
        ),
    ],
    "hospitality": [
        Template(
            "Front desk and guest relations",
            "フロント・ゲストリレーション",
            "hospitality",
            "Welcome guests from around the world at our hotels.",
            "世界各国からのお客様をホテルのフロントでお迎えします。",
            3,
            YES,
            FULL,
            (220_000, 260_000, MONTHLY),
        ),
        Template(
            "Events and banquet coordinator",
            "宴会・イベントコーディネーター",
            "sales",
            "Plan conferences and weddings with international clients.",
            "海外のお客様の会議や婚礼を企画・運営します。",
            4,
            CASE,
            FULL,
            (240_000, 290_000, MONTHLY),
        ),
    ],
    "consulting": [
        Template(
            "Research analyst (inbound tourism)",
            "リサーチアナリスト（インバウンド観光）",
            "research",
            "Research visitor trends for local governments and write reports.",
            "自治体向けに訪日客の動向を調査し、報告書を作成します。",
            5,
            CASE,
            FULL,
            (4_500_000, 6_000_000, YEARLY),
        ),
        Template(
            "Regional revitalisation consultant",
            "地域活性化コンサルタント",
            "international",
            "Help towns welcome visitors and new residents from abroad.",
            "海外からの観光客や移住者の受け入れを地域とともに進めます。",
            4,
            YES,
            FULL,
            (4_000_000, 5_200_000, YEARLY),
        ),
    ],
    "media": [
        Template(
            "English content editor",
            "英語コンテンツ編集者",
            "marketing",
            "Edit our English travel magazine and its website.",
            "英語の旅行雑誌とウェブサイトの編集を担当します。",
            4,
            NO,
            PART,
            (180_000, 220_000, MONTHLY),
            remote=True,
        ),
    ],
}

# The two named demo employers (demo/facts.py) each post their own.
NAMED = {
    "shinshu-precision": [
        Template(
            "Technical translator (Japanese to English)",
            "技術翻訳者（日英）",
            "translation",
            "Translate specifications and quality reports for our customers abroad.",
            "海外のお客様向けの仕様書や品質報告書を翻訳します。",
            5,
            YES,
            FULL,
            (280_000, 350_000, MONTHLY),
            "JLPT N1 and care for detail.",
            "日本語能力試験N1、丁寧な仕事ぶり。",
        ),
        Template(
            "Overseas sales engineer",
            "海外営業エンジニア",
            "sales",
            "Present our precision parts to manufacturers in Europe and Asia.",
            "欧州・アジアのメーカーに当社の精密部品を提案します。",
            4,
            YES,
            FULL,
            (4_200_000, 5_800_000, YEARLY),
        ),
    ],
    "setouchi-travel": [
        Template(
            "Inbound tour coordinator (Setouchi)",
            "インバウンドツアーコーディネーター（瀬戸内）",
            "international",
            "Plan island-hopping tours of the Seto Inland Sea and guide our guests.",
            "瀬戸内の島めぐりツアーを企画し、お客様をご案内します。",
            3,
            YES,
            FULL,
            (240_000, 300_000, MONTHLY),
        ),
        Template(
            "Multilingual guide (part-time)",
            "多言語ガイド（パートタイム）",
            "hospitality",
            "Guide groups around Miyajima and Hiroshima on weekends.",
            "週末に宮島と広島市内で団体のお客様をご案内します。",
            2,
            NO,
            PART,
            (120_000, 160_000, MONTHLY),
        ),
    ],
}

CITIES = {
    "13": ("Chiyoda", "千代田区"), "27": ("Osaka", "大阪市"), "14": ("Yokohama", "横浜市"),
    "23": ("Nagoya", "名古屋市"), "40": ("Fukuoka", "福岡市"), "01": ("Sapporo", "札幌市"),
    "26": ("Kyoto", "京都市"), "28": ("Kobe", "神戸市"), "20": ("Matsumoto", "松本市"),
    "03": ("Morioka", "盛岡市"), "10": ("Takasaki", "高崎市"), "34": ("Hiroshima", "広島市"),
}  # fmt: skip


def _next_august(today: date) -> date:
    return date(today.year if today.month < 8 else today.year + 1, 8, 1)


def _job(employer: Employer, template: Template, i: int, now: datetime, **fields: object) -> Job:
    """The demo job of `template` at `employer`, made once; `i` spreads dates and starts."""
    today = timezone.localdate(now)
    low, high, period = template.salary
    city_en, city_ja = CITIES.get(employer.prefecture, ("", ""))
    published = now - timedelta(days=i % 20, hours=i)
    defaults = {
        "title_ja": template.title_ja,
        "description_en": template.description_en,
        "description_ja": template.description_ja,
        "industry": employer.industry,
        "job_type": template.job_type,
        "employment_type": template.employment,
        "prefecture": employer.prefecture,
        "city_en": city_en,
        "city_ja": city_ja,
        "remote": template.remote,
        "salary_min": low,
        "salary_max": high,
        "salary_period": period,
        # Most start when JET terms end; some are to be agreed, some start on a set day.
        "starts_on": None if i % 5 == 4 else _next_august(today) + timedelta(days=(i % 3) * 31),
        "start_precision": "day" if i % 7 == 3 else "month",
        "min_jlpt": template.min_jlpt,
        "experience_en": template.experience_en,
        "experience_ja": template.experience_ja,
        "visa_sponsorship": template.visa,
        "closes_on": today + timedelta(days=20 + (i * 7) % 60),
        "status": Job.Status.PUBLISHED,
        "submitted_at": published - timedelta(days=2),
        "approved_at": published,
        "reviewed_at": published,
        "published_at": published,
        **fields,
    }
    if defaults["starts_on"] and defaults["start_precision"] == "month":
        defaults["starts_on"] = defaults["starts_on"].replace(day=1)
    job, _created = Job.objects.get_or_create(
        employer=employer, title_en=template.title_en, defaults=defaults
    )
    return job


def load() -> None:
    now = timezone.now()
    i = 0
    national = Employer.objects.filter(slug__startswith="national-").order_by("slug")
    for employer in list(national)[::4]:
        templates = BY_INDUSTRY.get(employer.industry)
        if templates:
            _job(employer, templates[i % len(templates)], i, now)
            i += 1
    named = Employer.objects.in_bulk(list(NAMED), field_name="slug")
    jobs = {}
    for slug, templates in NAMED.items():
        for template in templates:
            jobs[template.title_en] = _job(named[slug], template, i, now)
            i += 1
    # One waits for CLAIR's approval, for the staff demo (until staff decide on it).
    Job.objects.filter(pk=jobs["Overseas sales engineer"].pk, reviewed_by=None).update(
        status=Job.Status.PENDING, approved_at=None, published_at=None, reviewed_at=None
    )
    _applications(jobs, now)


def _applications(jobs: dict[str, Job], now: datetime) -> None:
    people = {
        profile.user.email: profile
        for profile in ParticipantProfile.objects.filter(
            user__email__in=["emily.carter@example.com", "daniel.okafor@example.com"]
        ).select_related("user")
    }
    emily, daniel = people.get("emily.carter@example.com"), people.get("daniel.okafor@example.com")
    if emily:
        JobApplication.objects.get_or_create(
            job=jobs["Inbound tour coordinator (Setouchi)"],
            participant=emily,
            defaults={
                "cover_letter": "I have guided visitors around Nagano for three years and would "
                "love to plan tours of the Seto Inland Sea.",
                "cv_filename": emily.cv_filename,
                "cv_uploaded_at": emily.cv_uploaded_at,
                "stage": JobApplication.Stage.INTERVIEW,
                "applied_at": now - timedelta(days=6),
            },
        )
        JobAlert.objects.get_or_create(participant=emily)
    if daniel:
        # Hired this fiscal year: the report shows it.
        hired = datetime.combine(timezone.localdate(now) - timedelta(days=1), time(10), TOKYO)
        JobApplication.objects.get_or_create(
            job=jobs["Technical translator (Japanese to English)"],
            participant=daniel,
            defaults={
                "cover_letter": "As a CIR I translated for Iwate Prefecture for five years.",
                "stage": JobApplication.Stage.HIRED,
                "applied_at": hired - timedelta(days=4),
                "stage_changed_at": hired,
                "hired_at": hired,
            },
        )
