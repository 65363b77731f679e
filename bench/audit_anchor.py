#!/usr/bin/python3
"""The audit's anchor: what PIL reads from the same files' headers (format,
size, mode, JPEG quantisation tables, progressive flag, EXIF/ICC presence)
without decoding pixels, plus each file's size. No model. Prints the count
and the seconds.

  audit_anchor.py IMAGES_DIR
"""
import os
import sys
import time

from PIL import Image

start = time.perf_counter()
n = 0
for root, _, files in os.walk(sys.argv[1], followlinks=True):
    for name in files:
        path = os.path.join(root, name)
        with Image.open(path) as im:
            facts = (im.format, im.size, im.mode, getattr(im, 'quantization', None), im.info.get('progressive'),
                     'exif' in im.info, 'icc_profile' in im.info, os.path.getsize(path))
        n += 1
print(n, time.perf_counter() - start)
