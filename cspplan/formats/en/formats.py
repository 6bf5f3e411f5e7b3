"""English as written in the United Kingdom: the language code is plain "en" (so that addresses
read /en/ beside /cy/ and translated fields are `title_en` and `title_cy`), but dates, times and
numbers keep the British forms that "en-gb" gave before (issue 27)."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
