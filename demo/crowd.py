"""Synthetic people and companies for the published fair figures (FACTS.md).

CLAIR publishes counts, not people. To let the portal's own pages and reports show those counts,
the demo creates deterministic stand-ins: participants with English names and katakana readings
and companies with Japanese and English names, all with .example addresses.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import cycle, islice

FIRST = [
    ("Olivia", "オリビア"), ("James", "ジェームズ"), ("Amelia", "アメリア"), ("Noah", "ノア"),
    ("Chloe", "クロエ"), ("Ethan", "イーサン"), ("Grace", "グレース"), ("Lucas", "ルーカス"),
    ("Hannah", "ハンナ"), ("Samuel", "サミュエル"), ("Isla", "アイラ"), ("Oscar", "オスカー"),
    ("Maya", "マヤ"), ("Leo", "レオ"), ("Zoe", "ゾーイ"), ("Adam", "アダム"),
    ("Ruby", "ルビー"), ("Felix", "フェリックス"), ("Nina", "ニーナ"), ("Hugo", "ユーゴ"),
]  # fmt: skip
LAST = [
    ("Smith", "スミス"), ("Brown", "ブラウン"), ("Wilson", "ウィルソン"), ("Taylor", "テイラー"),
    ("Anderson", "アンダーソン"), ("Thomas", "トーマス"), ("Moore", "ムーア"),
    ("Martin", "マーティン"), ("Lee", "リー"), ("Walker", "ウォーカー"), ("Hall", "ホール"),
    ("Young", "ヤング"), ("King", "キング"), ("Wright", "ライト"), ("Scott", "スコット"),
    ("Green", "グリーン"), ("Baker", "ベーカー"), ("Adams", "アダムズ"), ("Nelson", "ネルソン"),
    ("Carter", "カーター"), ("Mitchell", "ミッチェル"), ("Roberts", "ロバーツ"),
    ("Campbell", "キャンベル"), ("Evans", "エバンズ"), ("Turner", "ターナー"),
    ("Parker", "パーカー"), ("Collins", "コリンズ"), ("Murphy", "マーフィー"),
    ("Cook", "クック"), ("Bell", "ベル"), ("Ward", "ウォード"), ("Cox", "コックス"),
    ("Hughes", "ヒューズ"), ("Price", "プライス"), ("Bennett", "ベネット"), ("Wood", "ウッド"),
    ("Gray", "グレイ"), ("Kelly", "ケリー"), ("Reed", "リード"), ("Foster", "フォスター"),
    ("Ross", "ロス"), ("Hayes", "ヘイズ"), ("Ford", "フォード"), ("Grant", "グラント"),
    ("Shaw", "ショー"), ("Hunt", "ハント"), ("Kennedy", "ケネディ"), ("Dixon", "ディクソン"),
    ("Lane", "レーン"), ("Rose", "ローズ"),
]  # fmt: skip
JAPANESE_FAMILY = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"]
JAPANESE_GIVEN = ["翔太", "美咲", "大輝", "結衣", "健太", "彩花", "拓海", "七海", "亮", "真央"]
COUNTRIES = cycle(["US", "GB", "CA", "AU", "NZ", "IE", "ZA", "JM", "SG", "PH", "FR", "DE"])
POSITIONS = cycle(["ALT"] * 9 + ["CIR"])
INDUSTRIES = cycle(["education", "tourism", "it", "manufacturing", "trade", "translation",
                    "hospitality", "public", "consulting", "media", "finance", "hr"])  # fmt: skip
COMPANY_WORDS = [
    ("Sakura", "さくら"), ("Fuji", "富士"), ("Aozora", "青空"), ("Hikari", "ひかり"),
    ("Minato", "みなと"), ("Kaze", "風"), ("Midori", "みどり"), ("Yamato", "大和"),
    ("Asahi", "朝日"), ("Tsubasa", "つばさ"), ("Kibou", "希望"), ("Nishiki", "錦"),
    ("Hoshi", "星"), ("Umi", "海"), ("Mirai", "未来"),
]  # fmt: skip
COMPANY_KINDS = [
    ("Trading", "商事", "trade"), ("Travel", "トラベル", "tourism"),
    ("Systems", "システムズ", "it"), ("Industries", "工業", "manufacturing"),
    ("Academy", "アカデミー", "education"), ("Hotels", "ホテルズ", "hospitality"),
    ("Consulting", "コンサルティング", "consulting"), ("Media", "メディア", "media"),
    ("Translation Services", "翻訳サービス", "translation"),
    ("Staffing", "スタッフィング", "hr"),
]  # fmt: skip
PREFECTURES = cycle(["13", "27", "14", "23", "40", "01", "26", "28", "20", "03", "10", "34"])


def jet_people(count: int) -> list[dict]:
    """JET participants and alumni (about a third current, finishing this summer)."""
    people = []
    names = ((first, last) for last in LAST for first in FIRST)
    for i, ((first, first_kana), (last, last_kana)) in enumerate(islice(names, count)):
        current = i % 3 == 0
        start = date(2019 + i % 5, 8, 1)
        people.append({
            "email": f"jet{i:04d}@participants.example",
            "full_name": f"{first} {last}",
            "full_name_kana": f"{first_kana}・{last_kana}",
            "status": "current" if current else "alumni",
            "position": next(POSITIONS),
            "country": next(COUNTRIES),
            "prefecture": next(PREFECTURES),
            "jet_start_date": start if not current else date(2023, 8, 1),
            "term_end_date": (start + timedelta(days=3 * 365)) if not current
            else date(2027, 7, 31),
            "jlpt_level": 1 + i % 5,
            "industry_1": next(INDUSTRIES),
        })  # fmt: skip
    return people


def other_seekers(count: int) -> list[dict]:
    """Job seekers without JET, who may come to regional fairs."""
    people = []
    for i in range(count):
        family, given = JAPANESE_FAMILY[i % 10], JAPANESE_GIVEN[(i // 10) % 10]
        people.append({
            "email": f"seeker{i:04d}@participants.example",
            "full_name": f"{family} {given}",
            "full_name_kana": "",
            "status": "other",
            "position": "",
            "country": "JP" if i % 4 else next(COUNTRIES),
            "prefecture": next(PREFECTURES),
            "jet_start_date": None,
            "term_end_date": None,
            "jlpt_level": 5 if i % 4 else 3,
            "industry_1": next(INDUSTRIES),
        })  # fmt: skip
    return people


def companies(first: int, count: int, prefix: str) -> list[dict]:
    """Companies number `first` to `first + count - 1` of one global sequence of names."""
    result = []
    for i in range(first, first + count):
        word_en, word_ja = COMPANY_WORDS[i % len(COMPANY_WORDS)]
        kind_en, kind_ja, industry = COMPANY_KINDS[(i // len(COMPANY_WORDS)) % len(COMPANY_KINDS)]
        number = i // (len(COMPANY_WORDS) * len(COMPANY_KINDS))
        suffix = f" {number + 1}" if number else ""
        result.append({
            "slug": f"{prefix}-{i - first:03d}",
            "name_en": f"{word_en} {kind_en}{suffix} Co., Ltd.",
            "name_ja": f"株式会社{word_ja}{kind_ja}{suffix}",
            "industry": industry,
            "prefecture": next(PREFECTURES),
        })  # fmt: skip
    return result
