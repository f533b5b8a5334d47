"""Demo announcements, drawn from the published facts and the demo's upcoming events."""

from __future__ import annotations

from datetime import date

from demo.facts import at
from portal.models import Announcement

DEMO_EN = "\n\n(Demo announcement.)"
DEMO_JA = "\n\n（デモ用のお知らせです。）"

ANNOUNCEMENTS = [
    {
        "slug": "career-vision-training-2026",
        "audiences": ["current", "alumni"],
        "published": date(2026, 10, 15),
        "title_en": "Career Vision Training 2026: registration open",
        "body_en": "Career Vision Training returns online on Saturday 12 December 2026. Alumni "
        "working in a wide range of industries, from education and tourism to IT, share how "
        "they found their jobs in panel discussions and answer your questions. Open to all "
        "current JET participants and alumni: register on the event page." + DEMO_EN,
        "title_ja": "キャリアビジョン研修2026 参加登録受付中",
        "body_ja": "キャリアビジョン研修を2026年12月12日（土）にオンラインで開催します。教育、観光、IT"
        "など様々な業界で働くJET経験者が、パネルディスカッションと質疑応答で就職までの経験をお話しし"
        "ます。現役のJET青年とJET経験者の皆さん全員が参加できます。イベントページから参加登録して"
        "ください。" + DEMO_JA,
    },
    {
        "slug": "career-fair-2027-exhibitors",
        "audiences": ["businesses"],
        "published": date(2026, 11, 2),
        "title_en": "CLAIR JET Career Fair 2027: booth applications for companies",
        "body_en": "CLAIR holds the JET Career Fair 2027 in Osaka on 13 February and in Tokyo on "
        "21 February 2027, for JET participants finishing their terms this summer and for "
        "alumni. Both venues are also streamed online, and exhibitors can give an online "
        "presentation. Register your organisation on the portal, then apply for a booth from the "
        "fair's page. At the 2018 fairs, 95% (Osaka) and 93% (Yokohama) of exhibitors who "
        "answered our survey said they had met candidates they might hire." + DEMO_EN,
        "title_ja": "JET青年のためのキャリアフェア2027 出展企業・団体の募集",
        "body_ja": "クレアは、今夏に任期を終えるJET青年とJET経験者を対象に、2027年2月13日（土）に大阪、"
        "2月21日（日）に東京で「JET青年のためのキャリアフェア2027」を開催します。両会場の様子はオンラ"
        "インでも配信し、出展者はオンラインでの企業説明も行えます。本ポータルで企業・団体情報を登録の"
        "うえ、フェアのページからブース出展をお申し込みください。2018年のフェアでは、アンケートに回答"
        "した出展者の95％（大阪）、93％（横浜）が「採用を検討したい人材がいた」と答えています。"
        + DEMO_JA,
    },
    {
        "slug": "internship-programme-2027",
        "audiences": ["current", "contracting"],
        "published": date(2026, 11, 1),
        "title_en": "CLAIR Internship Programme 2027: applications open",
        "body_en": "Spend five days, 23 to 27 August 2027, at a company in Japan, after a "
        "pre-training day on 22 August on Japanese corporate culture, business manners and "
        "Japanese for the workplace. Open to current participants in their 2nd year or later "
        "with JLPT N2 or higher (or equivalent). Applicants are selected by documents and "
        "interview and matched to host companies by their preferred industries and job types. "
        "Internships take place during paid leave, so please ask your contracting organisation "
        "for its consent before you apply. Applications close on 31 May 2027." + DEMO_EN,
        "title_ja": "クレア・インターンシッププログラム2027 参加者募集",
        "body_ja": "2027年8月23日から27日までの5日間、日本の企業で就業体験をしませんか。8月22日には事前"
        "研修（日本の企業文化とビジネスマナー、職場で使う日本語）を行います。対象は、日本語能力試験N2"
        "以上（または同等）で任期2年目以降の現役JET青年です。書類選考と面接で選考し、希望する業種・職"
        "種をもとに受入企業とマッチングします。年次休暇を利用して参加するため、応募の前に任用団体の同"
        "意を得てください。応募締切は2027年5月31日です。" + DEMO_JA,
    },
    {
        "slug": "regional-career-support-subsidy",
        "audiences": ["contracting"],
        "published": date(2026, 9, 1),
        "title_en": "Planning a regional career fair or internship programme? CLAIR can help",
        "body_en": "CLAIR subsidises career fairs and internship programmes that prefectures run "
        "for JET participants in their region. Regional fairs may also be opened to other job "
        "seekers: in 2018, Iwate and Gunma welcomed 49 and 113 visitors. If your organisation "
        "is planning one, please contact the Coordination Division (gyomu@clair.or.jp, weekdays "
        "9:00-17:45).",
        "title_ja": "地域でのキャリアフェア・インターンシップの開催を支援します",
        "body_ja": "クレアは、都道府県が地域のJET青年を対象に実施するキャリアフェアやインターンシップ"
        "プログラムに助成を行っています。地域のキャリアフェアはJET青年以外の求職者にも開放できます"
        "（2018年は岩手県で49名、群馬県で113名が来場）。開催をご検討の団体は、調整課（gyomu@clair.or.jp"
        "、平日9:00〜17:45）までご相談ください。",
    },
]


def load() -> None:
    for item in ANNOUNCEMENTS:
        item = dict(item)
        audiences, day = item.pop("audiences"), item.pop("published")
        flags = {f"for_{a}": a in audiences for a in
                 ("prospective", "current", "alumni", "contracting", "businesses")}  # fmt: skip
        Announcement.objects.update_or_create(
            slug=item.pop("slug"),
            defaults={**item, **flags, "is_published": True, "published_at": at(day, 10)},
        )
