import Charts
import Foundation
import Models
import Neural
import Testing
import TestSupport

/// The Swift ChartGenerator against PyTorch and the Python step rules, on `Tests/Fixtures/charts/golden.safetensors`
/// (training/charts/export.py: 3 s of a test song, its log-mel, beat phase and the model's probabilities) and
/// `steps.json` (training/charts/make_fixtures.py: the beats and arrows steps.py makes of those probabilities).
@Suite struct ChartGeneratorGoldenTests {
    struct Fixture {
        let audio: [Float], mel: Tensor, beat: Tensor, tempo: Double, probabilities: Tensor

        static func load() throws -> Fixture {
            let file = try SafeTensorsFile(path: fixturePath("charts/golden.safetensors"))
            return Fixture(audio: try file.tensor("audio").scalars, mel: try file.tensor("mel"), beat: try file.tensor("beat"),
                           tempo: Double(try file.tensor("tempo").scalars[0]), probabilities: try file.tensor("probs"))
        }
    }

    @Test func logMelMatchesLibrosa() throws {
        let fixture = try Fixture.load()
        let generator = try ChartGenerator(store: bundledModels)
        let mel = generator.logMel(fixture.audio)
        #expect(mel.shape[0] == 3 && mel.shape[1] == 80)
        // The fixture's frames are the song's first 300; the audio reaches every sample they read.
        var worst: Float = 0
        for c in 0..<3 {
            for b in 0..<80 {
                for f in 0..<300 {
                    worst = max(worst, abs(mel[c, b, f] - fixture.mel[c, b, f]))
                }
            }
        }
        // Natural-log units; float32 FFTs (FFTW here, pocketfft in librosa) differ most in the quietest bands.
        #expect(worst < 2e-3, "largest log-mel difference \(worst)")
    }

    @Test func beatPhaseMatchesPython() throws {
        let fixture = try Fixture.load()
        let generator = try ChartGenerator(store: bundledModels)
        let beat = generator.beatPhase(frames: 300, bpm: fixture.tempo, firstBeat: 0)
        // The fixture's tempo is stored as float32; its beat phase was made from song.json's float64 tempo.
        #expect(beat.maxAbsDifference(fixture.beat) < 1e-5)
    }

    @Test func probabilitiesMatchPyTorch() throws {
        let fixture = try Fixture.load()
        let generator = try ChartGenerator(store: bundledModels)
        #expect(generator.difficulties == [.beginner, .easy, .medium, .hard, .challenge])
        let rows = generator.probabilities(mel: fixture.mel, beat: fixture.beat, difficulties: generator.difficulties)
        let expected = Tensor(shape: [5, 300], scalars: rows.flatMap { $0 })
        let error = expected.maxAbsDifference(fixture.probabilities)
        #expect(error < 1e-4, "largest probability difference \(error)")
        // Asking for fewer difficulties, in another order, gives the same rows.
        let two = generator.probabilities(mel: fixture.mel, beat: fixture.beat, difficulties: [.hard, .beginner])
        let reordered = zip(two[0], rows[3]).map { abs($0 - $1) } + zip(two[1], rows[0]).map { abs($0 - $1) }
        #expect(reordered.max()! < 1e-6)
    }

    @Test func stepsAreWhatThePythonRulesMake() throws {
        let fixture = try Fixture.load()
        let generator = try ChartGenerator(store: bundledModels)
        struct Steps: Decodable {
            struct One: Decodable { let threshold: Float; let peaks: [Int]; let beats: [[Int]]; let lanes: [Int]; let problems: [String] }
            let tempo: Double
            let charts: [String: One]
        }
        let steps = try JSONDecoder().decode(Steps.self, from: Data(contentsOf: URL(fileURLWithPath: fixturePath("charts/steps.json"))))
        #expect(steps.charts.count == 5)
        for (index, difficulty) in generator.difficulties.enumerated() {
            let expected = try #require(steps.charts[difficulty.rawValue])
            #expect(generator.thresholds[difficulty] == expected.threshold)
            let p = (0..<300).map { fixture.probabilities[index, $0] }
            let peaks = generator.peaks(p, threshold: expected.threshold)
            #expect(peaks == expected.peaks, "\(difficulty)")
            let rules = StepRules(difficulty)
            let beats = rules.place(peaks.map { (seconds: Double($0) / 100, strength: p[$0]) }) { $0 * steps.tempo / 60 }
            #expect(beats == expected.beats.map { Beat($0[0], $0[1]) }, "\(difficulty)")
            let lanes = rules.arrows(for: beats)
            #expect(lanes == expected.lanes, "\(difficulty)")
            #expect(rules.problems(beats: beats, lanes: lanes).isEmpty)
        }
    }

    @Test func chartsOfASongShareItsTimingAndArePlayable() throws {
        let fixture = try Fixture.load()
        let generator = try ChartGenerator(store: bundledModels)
        // The first beat 0.3 s in: beat 0 moves back a whole beat to before the song's start, and no step
        // snaps to before the song's start.
        let generated = generator.charts(samples: fixture.audio, bpm: fixture.tempo, firstBeat: 0.3,
                                         difficulties: [.beginner, .challenge])
        #expect(abs(generated.timing.offset - (60 / fixture.tempo - 0.3)) < 1e-9)
        #expect(generated.charts.map(\.difficulty) == [.beginner, .challenge])
        #expect(generated.charts[0].notes.count <= generated.charts[1].notes.count)
        for chart in generated.charts {
            #expect(!chart.notes.isEmpty)
            let rules = StepRules(chart.difficulty)
            #expect(rules.problems(beats: chart.notes.map(\.beat), lanes: chart.notes.map(\.lane)).isEmpty)
            // Every step is inside the song.
            for note in chart.notes {
                let seconds = generated.timing.seconds(at: note.beat)
                #expect(seconds >= 0 && seconds <= Double(fixture.audio.count) / 44_100)
            }
        }
    }
}
