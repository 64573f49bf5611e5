#if canImport(Glibc)
@preconcurrency import Glibc  // stdout
#endif

/// Holds standard output in a buffer until it fills or is flushed, as a shell's redirection to a file or a pipe has
/// it (a terminal's is written line by line, and a test's exit-test child may have it unbuffered).
public func bufferStandardOutput() {
    setvbuf(stdout, nil, _IOFBF, 1 << 16)
}
