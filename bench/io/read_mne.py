"""Reads a BDF with MNE as a user would (read_raw_bdf, preload=True) and prints the seconds it took."""
import sys
import time

import mne

mne.set_log_level("ERROR")
t = time.perf_counter()
raw = mne.io.read_raw_bdf(sys.argv[1], preload=True)
elapsed = time.perf_counter() - t
events = mne.find_events(raw, stim_channel="Status", verbose=False)
print("mne_read_s %.3f channels %d samples %d events %d" % (elapsed, len(raw.ch_names), raw.n_times, len(events)))
