"""The portal's settings for the benchmarks: their URL configuration (the floor page added)
and, when BENCH_SQL_METER_DIR is set, bench/sql_meter.py's middleware in front."""

import os

from jetcareer.settings import *  # noqa: F403
from jetcareer.settings import MIDDLEWARE

ROOT_URLCONF = "bench.floor_site"
if os.environ.get("BENCH_SQL_METER_DIR"):
    MIDDLEWARE = ["bench.sql_meter.SqlMeterMiddleware", *MIDDLEWARE]
