// swift-tools-version:6.1
// Kanade — a terminal music workstation. See docs/architecture.md for the module map.
import PackageDescription

/// A `systemLibrary` target for a Debian C library: a module map and one `shim.h`.
func cLibrary(_ name: String, pkgConfig: String, apt: [String]) -> Target {
    .systemLibrary(name: name, path: "Sources/\(name)", pkgConfig: pkgConfig, providers: [.apt(apt)])
}

let package = Package(
    name: "kanade",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kanade", targets: ["kanade"]),
        .library(name: "Signal", targets: ["Signal"]),
        .library(name: "Music", targets: ["Music"]),
        .library(name: "Neural", targets: ["Neural"]),
        .library(name: "AudioIO", targets: ["AudioIO"]),
        .library(name: "Models", targets: ["Models"]),
        .library(name: "Charts", targets: ["Charts"]),
        .library(name: "Synth", targets: ["Synth"]),
        .library(name: "Workstation", targets: ["Workstation"]),
        .library(name: "TUI", targets: ["TUI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    // Each target lists exactly the modules its sources import (nothing transitive, nothing unused).
    targets: [
        // Row 0: C libraries from Debian.
        cLibrary("CNcursesw", pkgConfig: "ncursesw", apt: ["libncurses-dev"]),
        cLibrary("CSndfile", pkgConfig: "sndfile", apt: ["libsndfile1-dev"]),
        cLibrary("CALSA", pkgConfig: "alsa", apt: ["libasound2-dev"]),
        cLibrary("CFFTW", pkgConfig: "fftw3f", apt: ["libfftw3-dev"]),
        cLibrary("CBLAS", pkgConfig: "openblas", apt: ["libopenblas-dev"]),
        cLibrary("CSoxr", pkgConfig: "soxr", apt: ["libsoxr-dev"]),
        cLibrary("CRubberBand", pkgConfig: "rubberband", apt: ["librubberband-dev"]),
        // No pkg-config for fluidsynth: its .pc adds glib's, SDL's … flags SwiftPM refuses; the header is on the default path.
        .systemLibrary(name: "CFluidSynth", path: "Sources/CFluidSynth", providers: [.apt(["libfluidsynth-dev", "fluid-soundfont-gm"])]),
        // Row 0, our own C: a matrix-vector kernel for recurrent steps (docs/benchmarks.md, "Neural").
        .target(name: "CKernels"),

        // Row 1.
        .target(name: "Signal", dependencies: ["CFFTW"]),
        .target(name: "Music"),
        .target(name: "Neural", dependencies: ["CBLAS", "CKernels"]),

        // Row 2.
        .target(name: "AudioIO", dependencies: ["CSndfile", "CALSA", "CSoxr", "CRubberBand"]),
        .target(name: "Models", dependencies: ["Neural", "Music", "Signal", "Charts"], resources: [.copy("Resources")]),
        .target(name: "Charts", dependencies: ["Music"]),
        .target(name: "Synth", dependencies: ["Music", "AudioIO", "CFluidSynth"]),

        // Row 3.
        .target(
            name: "Workstation",
            dependencies: ["AudioIO", "Signal", "Music", "Synth", "Models", "Charts", "TOMLKit"]
        ),

        // Row 4.
        .target(name: "TUI", dependencies: ["CNcursesw", "Workstation", "Music", "Charts"]),

        // Row 5.
        .executableTarget(
            name: "kanade",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                "TUI", "Workstation", "AudioIO", "Signal", "Music", "Synth", "Models",
            ]
        ),

        // Tests. TestSupport holds the helpers more than one test target needs (fixture paths, temporary
        // directories, a seeded random generator, waiting for a condition): a plain target under Tests/
        // that only test targets depend on.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "SignalTests", dependencies: ["Signal", "TestSupport"]),
        .testTarget(name: "AudioIOTests", dependencies: ["AudioIO", "Signal", "TestSupport"]),
        .testTarget(name: "MusicTests", dependencies: ["Music", "TestSupport"]),
        .testTarget(name: "NeuralTests", dependencies: ["Neural", "TestSupport"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "Neural", "Music", "Signal", "Charts", "TestSupport"]),
        .testTarget(name: "SynthTests", dependencies: ["Synth", "Music", "AudioIO", "TestSupport"]),
        .testTarget(name: "WorkstationTests", dependencies: ["Workstation", "AudioIO", "Music", "Synth", "Charts", "TestSupport", "TOMLKit"]),
        .testTarget(name: "TUITests", dependencies: ["TUI", "Workstation", "AudioIO", "Music", "Charts", "TestSupport"]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts", "TestSupport"]),
        .testTarget(name: "KanadeTests", dependencies: ["AudioIO", "Music", "Charts", "TestSupport", "TOMLKit"]),
    ],
    swiftLanguageModes: [.v6]
)
