"""The licence lines written into bundled weights' metadata (`license`, `data_license`).

One place for them, so export (training/<model>/export.py) and a metadata-only rewrite (set_license.py) write
the same words. Where each was read: docs/licenses.md ("Training data") and each model card's "Licences".
"""

# The weights are ours, under the program's licence (LICENSE). See the model cards for what the data's terms mean for them.
WEIGHTS_LICENSE = "GPL-3.0-or-later"

# The music21 corpus collections the melody VAEs train on (training/melody/corpus.py, COLLECTIONS). music21 itself
# is BSD-3-Clause; its corpus files keep their own terms (music21/corpus/license.txt).
MELODY_DATA_LICENSE = (
    "music21 10.5.1 corpus, each collection under its own terms (music21/corpus/license.txt): "
    "essenFolksong: permission for non-commercial distribution and use in music21 (corpus/essenFolksong/license.txt); "
    "palestrina: Humdrum encodings (c) 2000 John Miller under a licensing agreement, derivative electronic formats reserved "
    "(!!!YEM lines in each .krn); bach: music21's chorale encodings, no licence stated (bwv277/281/366 .krn (c) 1994 CCARH); "
    "ryansMammoth, oneills1850, airdsAirs, nottingham-dataset, miscFolk: ABC transcriptions of public-domain tunes, "
    "no licence stated; see docs/models/melody-vae.md, Licences"
)

# The three Debian soundfonts the timbre model's notes are rendered from (training/timbre/render.py, SOUNDFONTS);
# read from each package's /usr/share/doc/PKG/copyright (docs/licenses.md, "Training data").
TIMBRE_DATA_LICENSE = (
    "notes rendered with fluidsynth from Debian's fluid-soundfont-gm (FluidR3_GM, MIT), musescore-general-soundfont "
    "(MuseScore_General, MIT with public-domain and CC0 parts) and timgm6mb-soundfont (TimGM6mb, GPL-2.0-only); "
    "if the weights are a derivative of the samples, TimGM6mb's GPL-2.0-only terms do not combine with GPL-3.0: "
    "see docs/models/timbre.md, Licences"
)

# The Bach chorales Coconet trains on (training/coconet/data.py): music21's MusicXML encodings of the chorales;
# the compositions are centuries out of copyright, the encodings carry no licence (music21/corpus/license.txt);
# the three Humdrum .krn files, (c) 1994 CCARH, are left out.
CHORALE_DATA_LICENSE = (
    "music21 10.5.1 corpus, bach/*.mxl and *.xml: music21's encodings of J. S. Bach's chorales (public-domain "
    "compositions), no licence stated (music21/corpus/license.txt); the (c) CCARH .krn files are not used; "
    "see docs/models/coconet.md, Licences"
)

# The separator's synthetic songs (training/separation/render.py): the timbre soundfonts, Debian's hydrogen-drumkits
# and lmms-common drum samples, espeak-ng voices, music21's Bach chorales (read from each package's
# /usr/share/doc/PKG/copyright; docs/models/separator.md, Licences).
SEPARATOR_DATA_LICENSE = (
    "synthetic songs rendered from music21's Bach chorales (no licence stated) with fluidsynth and Debian's "
    "fluid-soundfont-gm (MIT), musescore-general-soundfont (MIT, public domain, CC0), timgm6mb-soundfont (GPL-2.0-only), "
    "hydrogen-drumkits (GPL-2, GPL-2+, CC-BY-3.0, CC-BY-SA-3.0, CC0 per kit), lmms-common samples (GPL-2+, CC-BY-SA, "
    "Expat, Artistic-2 per file) and espeak-ng voices (GPL-3.0-or-later); see docs/models/separator.md, Licences"
)
