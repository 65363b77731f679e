#!/usr/bin/python3
"""Small JPEGs written by PIL (libjpeg) at known settings, for the audit's tests.

  jpeg_quality_fixtures.py OUT_DIR

Writes q50.jpg, q75.jpg, q90.jpg, q95.jpg, q100.jpg (4:2:0, baseline),
q85-444.jpg (4:4:4), q80-progressive.jpg, q70-exif-icc.jpg (with EXIF and an
ICC profile), grey-q60.jpg (one channel), and expected.json with what was
asked of libjpeg for each; and reencoded/q100-then-q75.jpg, q100.jpg decoded
and saved again at quality 75, as --reencode-jpeg 75 must see q100.jpg. The pixels are a 24x16 crop of a face from
../shared/data/faces-dev/q75.
"""
import io
import json
import os
import sys

from PIL import Image, ImageCms

here = os.path.dirname(os.path.abspath(__file__))
source = os.path.join(here, '..', '..', 'shared', 'data', 'faces-dev', 'q75', 'real', '0.jpg')
out = sys.argv[1]
os.makedirs(os.path.join(out, 'reencoded'), exist_ok=True)
with Image.open(source) as im:
    crop = im.convert('RGB').crop((500, 500, 524, 516))
expected = {}


def save(name, image, **kw):
    image.save(os.path.join(out, name), 'JPEG', **kw)


for q in (50, 75, 90, 95, 100):
    save(f'q{q}.jpg', crop, quality=q, subsampling='4:2:0')
    expected[f'q{q}.jpg'] = {'quality': q, 'subsampling': '4:2:0', 'progressive': False, 'channels': 3}
save('q85-444.jpg', crop, quality=85, subsampling='4:4:4')
expected['q85-444.jpg'] = {'quality': 85, 'subsampling': '4:4:4', 'progressive': False, 'channels': 3}
save('q80-progressive.jpg', crop, quality=80, subsampling='4:2:0', progressive=True)
expected['q80-progressive.jpg'] = {'quality': 80, 'subsampling': '4:2:0', 'progressive': True, 'channels': 3}
exif = Image.Exif()
exif[0x010F] = 'persodata test camera'
icc = ImageCms.ImageCmsProfile(ImageCms.createProfile('sRGB')).tobytes()
save('q70-exif-icc.jpg', crop, quality=70, subsampling='4:2:0', exif=exif.tobytes(), icc_profile=icc)
expected['q70-exif-icc.jpg'] = {'quality': 70, 'subsampling': '4:2:0', 'progressive': False, 'channels': 3,
                                'exif': True, 'icc': True}
save('grey-q60.jpg', crop.convert('L'), quality=60)
expected['grey-q60.jpg'] = {'quality': 60, 'subsampling': 'grey', 'progressive': False, 'channels': 1}
# q100.jpg decoded and saved again at quality 75 (4:2:0), as `persodata --reencode-jpeg 75` should see it
with Image.open(os.path.join(out, 'q100.jpg')) as again:
    again.convert('RGB').save(os.path.join(out, 'reencoded', 'q100-then-q75.jpg'), 'JPEG', quality=75, subsampling='4:2:0')
with open(os.path.join(out, 'expected.json'), 'w') as f:
    json.dump(expected, f, indent=1)
    f.write('\n')
