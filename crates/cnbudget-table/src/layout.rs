//! Space-aligned (`pdftotext -layout`) table regions: column inference, wrapped
//! names, split codes, page stitching. (Being written.)
