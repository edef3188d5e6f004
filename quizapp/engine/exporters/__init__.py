"""Write a bank's questions and facts out in the formats other tools read.

- `gift.dump_gift`: hand-written questions as Moodle's GIFT text;
- `moodle_xml.dump_moodle_xml`: hand-written questions as Moodle XML (a question bank export);
- `csv_facts.dump_csv`: a bank's facts in the columns the CSV import reads;
- `frozen.frozen_sample`: a sample of generated questions frozen as hand-written ones, so they
  can go out in GIFT or Moodle XML too.
"""

from __future__ import annotations

from quizapp.engine.exporters.csv_facts import dump_csv
from quizapp.engine.exporters.frozen import frozen_sample
from quizapp.engine.exporters.gift import dump_gift
from quizapp.engine.exporters.moodle_xml import dump_moodle_xml

__all__ = ["dump_csv", "dump_gift", "dump_moodle_xml", "frozen_sample"]
