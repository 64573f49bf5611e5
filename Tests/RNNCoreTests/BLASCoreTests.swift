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

    /// A CPU with AVX-512 does not run the generic kernels once RNNKit has called OpenBLAS, whichever call comes first
    /// (here a dot product, in a new process), unless the environment asks for them.
    @Test func openBLASRunsTheCPUsKernels() async {
        await #expect(processExitsWith: .success) {
            let x: [Float] = [1, 2, 3]
            guard x.withUnsafeBufferPointer({ Float.dot(n: 3, $0.baseAddress!, $0.baseAddress!) }) == 14 else { exit(2) }
            guard let name = rk_blas_core_name().map({ String(cString: $0) }) else { exit(3) }
            let asked = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? ""
            exit(rk_avx512_cpu() != 0 && asked.isEmpty && name == "Prescott" ? 1 : 0)
        }
    }
}
