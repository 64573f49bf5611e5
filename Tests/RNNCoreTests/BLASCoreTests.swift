import CKernels
import Foundation
import Testing
import RNNCore

/// OpenBLAS runs the kernels of the CPU's instruction set, also where its own choice fell back to its generic ones
/// (Debian's 0.3.21 on a CPU model it does not know runs Prescott's SSE3 kernels, 2.6 times slower training).
@Suite struct BLASCoreTests {
    @Test func theGenericFallbackGivesWayToTheCPUsKernels() {
        func known(_ current: String?, avx512: Bool, avx2: Bool) -> String? {
            let core: UnsafePointer<CChar>? = current.map { current in current.withCString { rk_blas_known_core($0, avx512 ? 1 : 0, avx2 ? 1 : 0) } }
                ?? rk_blas_known_core(nil, avx512 ? 1 : 0, avx2 ? 1 : 0)
            return core.map { String(cString: $0) }
        }
        #expect(known("Prescott", avx512: true, avx2: true) == "SkylakeX")
        #expect(known("Prescott", avx512: false, avx2: true) == "Haswell")
        #expect(known("Prescott", avx512: false, avx2: false) == nil)   // an old CPU: Prescott is its core
        #expect(known("Haswell", avx512: true, avx2: true) == nil)      // OpenBLAS knew the CPU: its choice stands
        #expect(known("Zen", avx512: false, avx2: true) == nil)
        #expect(known(nil, avx512: true, avx2: true) == nil)            // not OpenBLAS
    }

    /// Once RNNKit has set OpenBLAS up (before its first product), a CPU with AVX-512 (or AVX2 and FMA) does not run the generic kernels,
    /// unless the environment asks for them.
    @Test func openBLASRunsTheCPUsKernels() throws {
        _ = computeThreads   // sets OpenBLAS up, as every product does first
        let name = String(cString: try #require(rk_blas_core_name()))
        let asked = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"]
        if rk_avx512_cpu() != 0 && (asked ?? "").isEmpty { #expect(name != "Prescott") }
    }
}
