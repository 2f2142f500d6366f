"""spark-submit entry point for `accord spark` (see docs/spark.md):

    spark-submit [spark options] deploy/spark_submit.py INPUT... OUTPUT [accord spark options]

spark-submit needs a file to run; this one lives outside the package because running a
file inside ``src/accord/`` would put that folder first on sys.path, where ``accord/time``
would hide the standard library's ``time``.
"""

import sys

from accord.cli import main

main(["spark", *sys.argv[1:]], prog_name="accord")
