"""The list of countries people choose from (a participant's country): django-countries' list
with the names Japan's Ministry of Foreign Affairs (MOFA) uses, in the order each language's
readers look for them: in Japanese by the reading, in gojūon order (アイルランド, アメリカ合衆国,
英国 …), in English alphabetically.

django-countries sorts by the name with its letters reduced to ASCII, which leaves Japanese
names in no order at all (a kanji name has no ASCII letters), so the order is made here, once
per language, for the model field's choices (JetCountries on the field) and every form built
from it."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.conf import settings
from django.utils.translation import get_language, pgettext_lazy
from django_countries import Countries

from .kana import gojuon_key

# Names that differ from django-countries' own, in English or in Japanese (MOFA's short names:
# 英国, ジョージア, キルギス …). The context keeps them apart from any other use of the words.
NAMES = {
    "BS": pgettext_lazy("country", "Bahamas"),  # not "Bahamas (The)"
    "CD": pgettext_lazy("country", "Democratic Republic of the Congo"),  # コンゴ民主共和国
    "GB": pgettext_lazy("country", "United Kingdom"),  # 英国
    "GE": pgettext_lazy("country", "Georgia"),  # ジョージア since 2015, not グルジア
    "GF": pgettext_lazy("country", "French Guiana"),  # 仏領ギアナ (django-countries says ギニア)
    "KG": pgettext_lazy("country", "Kyrgyzstan"),  # キルギス
    "KN": pgettext_lazy("country", "Saint Kitts and Nevis"),  # セントクリストファー・ネービス
    "LU": pgettext_lazy("country", "Luxembourg"),  # ルクセンブルク
    "MV": pgettext_lazy("country", "Maldives"),  # モルディブ
    "NR": pgettext_lazy("country", "Nauru"),  # not "Naoero"
    "PS": pgettext_lazy("country", "Palestine"),  # パレスチナ
    "VA": pgettext_lazy("country", "Vatican City"),  # バチカン
    "VC": pgettext_lazy("country", "Saint Vincent and the Grenadines"),  # セントビンセント及び…
}

# The reading (katakana) of each Japanese name that holds kanji; a name in kana is its own
# reading. Keyed by the name, as what is read (with full-width brackets, japanese_brackets):
# a name without its reading here fails tests/participants/test_countries.py.
READINGS = {
    "英国": "エイコク",
    "中国": "チュウゴク",
    "韓国": "カンコク",
    "北朝鮮": "キタチョウセン",
    "台湾": "タイワン",
    "香港": "ホンコン",
    "日本": "ニホン",
    "南極": "ナンキョク",
    "南アフリカ": "ミナミアフリカ",
    "南スーダン": "ミナミスーダン",
    "北マケドニア": "キタマケドニア",
    "北マリアナ諸島": "キタマリアナショトウ",
    "東ティモール": "ヒガシティモール",
    "西サハラ": "ニシサハラ",
    "中央アフリカ": "チュウオウアフリカ",
    "赤道ギニア": "セキドウギニア",
    "アメリカ合衆国": "アメリカガッシュウコク",
    "アラブ首長国連邦": "アラブシュチョウコクレンポウ",
    "ミクロネシア連邦": "ミクロネシアレンポウ",
    "コンゴ共和国": "コンゴキョウワコク",
    "コンゴ民主共和国": "コンゴミンシュキョウワコク",
    "コンゴ(民主共和国)": "コンゴミンシュキョウワコク",
    "ドミニカ国": "ドミニカコク",
    "ドミニカ共和国": "ドミニカキョウワコク",
    "バチカン市国": "バチカンシコク",
    "パレスチナ自治州": "パレスチナジチシュウ",
    "セントクリストファー・ネイビス連邦": "セントクリストファー・ネイビスレンポウ",
    "米領サモア": "ベイリョウサモア",
    "英領インド洋地域": "エイリョウインドヨウチイキ",
    "英領ジャージー島": "エイリョウジャージートウ",
    "英領モントセラト": "エイリョウモントセラト",
    "仏領ギアナ": "フツリョウギアナ",
    "仏領ギニア": "フツリョウギニア",
    "仏領ポリネシア": "フツリョウポリネシア",
    "仏領南方地域": "フツリョウナンポウチイキ",
    "合衆国領有小離島": "ガッシュウコクリョウユウショウリトウ",
    "オーランド諸島": "オーランドショトウ",
    "バミューダ諸島": "バミューダショトウ",
    "ケイマン諸島": "ケイマンショトウ",
    "クック諸島": "クックショトウ",
    "フェロー諸島": "フェローショトウ",
    "マーシャル諸島": "マーシャルショトウ",
    "ピトケアン諸島": "ピトケアンショトウ",
    "ソロモン諸島": "ソロモンショトウ",
    "タークス・カイコス諸島": "タークス・カイコスショトウ",
    "ココス（キーリング）諸島": "ココスキーリングショトウ",
    "フォークランド（マルビナス）諸島": "フォークランドマルビナスショトウ",
    "サウスジョージア・サウスサンドウィッチ諸島": "サウスジョージア・サウスサンドウィッチショトウ",
    "セントビンセントおよびグレナディーン諸島": "セントビンセントオヨビグレナディーンショトウ",
    "セントビンセント及びグレナディーン諸島": "セントビンセントオヨビグレナディーンショトウ",
    "スヴァールバル諸島およびヤンマイエン島": "スヴァールバルショトウオヨビヤンマイエントウ",
    "ヴァージン諸島（イギリス領）": "ヴァージンショトウイギリスリョウ",
    "ヴァージン諸島（アメリカ領）": "ヴァージンショトウアメリカリョウ",
    "ブーベ島": "ブーベトウ",
    "クリスマス島": "クリスマストウ",
    "マン島": "マントウ",
    "ノーフォーク島": "ノーフォークトウ",
    "ハード島およびマクドナルド島": "ハードトウオヨビマクドナルドトウ",
    "サンピエール島・ミクロン島": "サンピエールトウ・ミクロントウ",
    "セント・バーソロミュー島": "セント・バーソロミュートウ",
    "セント・マーチン（フランス領）": "セントマーチンフランスリョウ",
    "セント・マーチン（オランダ領）": "セントマーチンオランダリョウ",
}

_KANJI = re.compile(r"[\u3400-\u9fff々]")


def has_kanji(name: str) -> bool:
    """True when `name` holds a kanji (it then needs a reading to be sorted)."""
    return bool(_KANJI.search(name))


def reading(name: str) -> str:
    """The reading of a Japanese country name: READINGS' for a name with kanji, else the
    name itself (in kana)."""
    return READINGS.get(name, name)


def japanese_key(name: str) -> tuple[bool, str, str, str]:
    """Gojūon order by the reading (kana.gojuon_key), the name last for equal readings. A name
    with no kana to read (an English name whose Japanese is not in the catalogue yet) comes
    after the others instead of before them all."""
    plain, katakana = gojuon_key(reading(name))
    return (not plain, plain, katakana, name)


_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff々]")
_OPENING, _CLOSING = re.compile(r"\s*\(\s*"), re.compile(r"\s*\)\s*")


def japanese_brackets(name: str) -> str:
    """A Japanese name with full-width brackets and no spaces around them, as Japanese is
    written: django-countries' 「ココス (キーリング) 諸島」 and 「ヴァージン諸島(アメリカ領)」
    become 「ココス（キーリング）諸島」 and 「ヴァージン諸島（アメリカ領）」. A name with no
    Japanese in it (an English name whose Japanese is not in the catalogue yet) stays as it
    is."""
    if "(" not in name or not _JAPANESE.search(name):
        return name
    return _CLOSING.sub("）", _OPENING.sub("（", name))


def english_key(name: str) -> tuple[str, str]:
    """Alphabetical order, accents and case aside (Åland with the A, Türkiye between Tunisia
    and Turkmenistan)."""
    letters = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return letters.casefold(), name


class JetCountries(Countries):
    """django-countries' list with NAMES, ordered for the active language (see the module's
    docstring). The order is made once per language and kept: the names do not change while
    the process runs."""

    override = NAMES

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ordered: dict[str, list[Any]] = {}

    def translate_pair(self, code: str, name: Any = None) -> Any:
        """The code and its name in the active language, Japanese names with full-width
        brackets (japanese_brackets): the list, `Country.name` and every form read it here."""
        pair = super().translate_pair(code, name)
        return pair._replace(name=japanese_brackets(pair.name))

    def __iter__(self) -> Any:
        language = get_language() or settings.LANGUAGE_CODE
        ordered = self._ordered.get(language)
        if ordered is None:
            key = japanese_key if language.startswith("ja") else english_key
            ordered = sorted(super().__iter__(), key=lambda country: key(str(country.name)))
            self._ordered[language] = ordered
        yield from ordered
