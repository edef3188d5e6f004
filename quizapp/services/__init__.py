"""Use cases: the only layer that uses both engine and models; each public function commits once."""
