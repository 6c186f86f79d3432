-- A written record's PDF is compressed already: PostgreSQL compressing it again spends CPU on every insert for
-- nothing, and makes each part the download reads (a slice at a time, `storedPdfInSlices`) decompress the whole
-- PDF first. Kept out of line and uncompressed, reading a part fetches only that part's chunks. Applies to
-- records stored from now on.
ALTER TABLE written_records ALTER COLUMN pdf SET STORAGE EXTERNAL;
