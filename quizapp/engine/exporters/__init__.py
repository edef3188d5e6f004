"""Write a bank's questions and facts out in the formats other tools read.

- `gift.dump_gift`: hand-written questions as Moodle's GIFT text;
- `moodle_xml.dump_moodle_xml`: hand-written questions as Moodle XML (a question bank export);
- `csv_facts.dump_csv`: a bank's facts in the columns the CSV import reads;
- `frozen.frozen_sample`: a sample of generated questions frozen as hand-written ones, so they
  can go out in GIFT or Moodle XML too.
"""
