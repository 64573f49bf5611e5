// SequenceData: character-level text and time-series loaders. It depends on
// nothing but the standard library and Foundation, and knows nothing of the
// numeric core: batches come out as plain arrays of token ids and scalars.
