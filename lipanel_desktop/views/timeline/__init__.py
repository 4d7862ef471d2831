"""The chronology timeline: data arrays (`data`), the adaptive axis (`axis`), the one
painter used on screen and on paper (`painter`), the interactive widget (`widget`) and
the picture for PNG files and PDF packs (`export`)."""
