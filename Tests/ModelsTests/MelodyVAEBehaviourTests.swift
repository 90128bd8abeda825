import Foundation
import Models
import Music
import Neural
import Testing

/// MelodyVAE as the workstation and the CLI use it: melodies in and out, blocks, seeds, interpolation ends,
/// and the errors of a missing or mismatched model file.
@Suite struct MelodyVAEBehaviourTests {
    let vae: MelodyVAE
    let fixture: MelodyVAEFixture

    init() throws {
        vae = try MelodyVAE(bars: 2, store: bundledModels)
        fixture = try MelodyVAEFixture.load(bars: 2)
    }

    /// The fixture's event classes as a melody starting at bar `atBar`.
    func melody(_ classes: [Int], atBar bar: Int = 0) -> NoteSequence {
        let tpq = NoteSequence.defaultTicksPerQuarter
        let notes = MelodyEncoding.notes(from: MelodyEncoding.events(ofClasses: classes), ticksPerQuarter: tpq,
                                         startTick: bar * 4 * tpq)
        return NoteSequence(tracks: [Track(name: "melody", notes: notes)])
    }

    @Test func aFourBarMelodyIsEncodedAndDecodedTwoBarsAtATime() throws {
        let first = fixture.melodies[0], second = fixture.melodies[1]
        let whole = first.events + second.events
        var fourBars = melody(whole)
        #expect(vae.blockCount(of: fourBars) == 2)
        // The test melodies survive events → notes → events, so the blocks are the fixture's inputs.
        let blocks = vae.blocks(of: fourBars)
        #expect(blocks == [first.events, second.events])
        let z = vae.encode(fourBars)
        #expect(z.count == 2)
        #expect(relativeError(first.mu, z[0].scalars) <= 1e-4)
        #expect(relativeError(second.mu, z[1].scalars) <= 1e-4)
        // Decoding the two points gives PyTorch's two greedy decodes one after the other.
        let decoded = vae.decode([Tensor(first.mu), Tensor(second.mu)])
        let expected = MelodyEncoding.notes(from: MelodyEncoding.events(ofClasses: first.greedy + second.greedy),
                                            ticksPerQuarter: decoded.ticksPerQuarter)
        #expect(decoded.tracks.count == 1 && decoded.tracks[0].notes == expected)
        // A third bar makes a second block padded with rests; a drum track is not melody.
        fourBars.tracks.append(Track(name: "drums", channel: 9, notes: [Note(pitch: 36, startTick: 0, endTick: 100_000)]))
        #expect(vae.blockCount(of: fourBars) == 2)
        #expect(vae.blockCount(of: melody(first.events)) == 1)
        #expect(vae.blockCount(of: NoteSequence()) == 1)
        let threeBars = melody(first.events + Array(second.events.prefix(16)))
        #expect(vae.blocks(of: threeBars)[1] == Array(second.events.prefix(16)) + Array(repeating: 0, count: 16))
    }

    @Test func interpolationStartsAndEndsOnTheReconstructions() throws {
        let a = melody(fixture.melodies[0].events), b = melody(fixture.melodies[1].events)
        let path = vae.interpolate(a, b, steps: 5)
        #expect(path.count == 5)
        #expect(path.first == vae.decode(vae.encode(a)))
        #expect(path.last == vae.decode(vae.encode(b)))
        // The same points PyTorch decoded (fixture: 5-step slerp between these two melodies).
        try #require(fixture.interpolation.greedy.count == path.count)
        for (step, expected) in zip(path, fixture.interpolation.greedy) {
            #expect(vae.blocks(of: step, count: 1)[0] == expected
                    || step.tracks[0].notes == MelodyEncoding.notes(from: MelodyEncoding.events(ofClasses: expected),
                                                                   ticksPerQuarter: step.ticksPerQuarter))
        }
    }

    @Test func samplingIsDeterministicForASeed() {
        let one = vae.sample(count: 3, temperature: 1, seed: 7)
        #expect(one.count == 3)
        #expect(one == vae.sample(count: 3, temperature: 1, seed: 7))
        #expect(one != vae.sample(count: 3, temperature: 1, seed: 8))
        #expect(one.allSatisfy { $0.tracks.count == 1 && $0.endTick <= 2 * 4 * $0.ticksPerQuarter })
        let z = Tensor(fixture.melodies[2].mu)
        #expect(vae.decode(z, temperature: 0, seed: 1) == vae.decode(z, temperature: 0, seed: 2))
        #expect(vae.decode(z, temperature: 1, seed: 5) == vae.decode(z, temperature: 1, seed: 5))
    }

    @Test func aBatchSamplesWhatEachRowWouldAlone() {
        let zs = fixture.melodies.map { Tensor($0.mu) }
        var generators = zs.indices.map { SeededGenerator(seed: 40 + UInt64($0)) }
        let together = vae.decodeClasses(zs, temperature: 1, using: &generators)
        let alone = zs.indices.map { i -> [Int] in
            var generator = SeededGenerator(seed: 40 + UInt64(i))
            return vae.decodeClasses(zs[i], temperature: 1, using: &generator)
        }
        #expect(together == alone)
        // Interpolation step i at a temperature is decode(points, seed: seed + i).
        let a = melody(fixture.melodies[0].events), b = melody(fixture.melodies[1].events)
        let path = vae.interpolate(a, b, steps: 3, temperature: 0.8, seed: 11)
        let middle = MelodyVAE.slerp(vae.encode(a)[0], vae.encode(b)[0], 0.5)
        #expect(path[1] == vae.decode(middle, temperature: 0.8, seed: 12))
    }

    @Test func variationsStayNearTheMelody() {
        let m = melody(fixture.melodies[0].events)
        #expect(vae.vary(m, amount: 0, seed: 3) == vae.decode(vae.encode(m)))
        let varied = vae.vary(m, amount: 1, seed: 3)
        #expect(varied == vae.vary(m, amount: 1, seed: 3))
        #expect(vae.blockCount(of: varied) == 1)
    }

    @Test func slerpEndsAndParallelFallback() {
        let a = Tensor([1, 0, 0]), b = Tensor([0, 2, 0])
        #expect(MelodyVAE.slerp(a, b, 0).maxAbsDifference(a) < 1e-6)
        #expect(MelodyVAE.slerp(a, b, 1).maxAbsDifference(b) < 1e-6)
        // Halfway along a right angle: both weights sin(π/4) / sin(π/2).
        let half = MelodyVAE.slerp(a, b, 0.5).scalars
        #expect(abs(half[0] - 0.70710678) < 1e-6 && abs(half[1] - 1.41421356) < 1e-6)
        let parallel = MelodyVAE.slerp(a, Tensor([3, 0, 0]), 0.5)
        #expect(parallel.maxAbsDifference(Tensor([2, 0, 0])) < 1e-6)
    }
}

/// A missing or mismatched melody model is a ModelError that names the file.
final class MelodyVAEModelErrorTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kanade-vae-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    var store: ModelStore { ModelStore(folders: [(.environment, folder)]) }

    /// The bundled 2-bar model's tensors and metadata, to break one thing at a time.
    func bundledTwoBar() throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        try bundled("melody-vae-2bar")
    }

    func bundled(_ name: String) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        let file = try SafeTensorsFile(path: bundledModels.locate(name).path)
        let weights = Weights(file)
        var tensors: [String: Tensor] = [:]
        for name in file.entries.keys { tensors[name] = try weights.tensor(name) }
        return (tensors, file.metadata)
    }

    @Test func aMissingModelIsNamed() {
        #expect(throws: ModelError.self) { try MelodyVAE(bars: 16, store: store) }
        do {
            _ = try MelodyVAE(bars: 16, store: store)
        } catch {
            #expect(error.file == "melody-vae-16bar")
            guard case .notFound(let searched) = error.problem else { Issue.record("\(error)"); return }
            #expect(searched.contains { $0.hasPrefix(folder) })
        }
    }

    @Test func aTensorOfTheWrongShapeNamesTheFileAndTensor() throws {
        var (tensors, metadata) = try bundledTwoBar()
        tensors["encoder.mu.weight"] = Tensor(shape: [128, 256])
        let path = folder + "/melody-vae-2bar.safetensors"
        try SafeTensorsWriter.write(tensors, metadata: metadata, to: path)
        #expect(throws: ModelError(file: path, .shapeMismatch(tensor: "encoder.mu.weight", expected: [128, 512], actual: [128, 256]))) {
            try MelodyVAE(bars: 2, store: store)
        }
        tensors["encoder.mu.weight"] = nil
        try SafeTensorsWriter.write(tensors, metadata: metadata, to: path)
        #expect {
            try MelodyVAE(bars: 2, store: store)
        } throws: { error in
            guard let e = error as? ModelError, case .missingTensor(let name) = e.problem else { return false }
            return e.file == path && name.contains("encoder.mu.weight")
        }
        metadata["kanade.config"] = #"{"bars": 2, "z": 128}"#
        try SafeTensorsWriter.write(tensors, metadata: metadata, to: path)
        #expect {
            try MelodyVAE(bars: 2, store: store)
        } throws: { error in
            guard let e = error as? ModelError, case .badMetadata(let key, let why) = e.problem else { return false }
            return e.file == path && key == "kanade.config" && why.contains("steps_per_bar")
        }
    }

    /// A sampling mixture in the file is what `sample` draws from: one component at a melody's μ with a tiny
    /// spread samples (greedily) that melody back.
    @Test func sampleDrawsFromTheFilesMixture() throws {
        var (tensors, metadata) = try bundledTwoBar()
        let fixture = try MelodyVAEFixture.load(bars: 2)
        let mu = fixture.melodies[0].mu, z = mu.count
        tensors["prior.weights"] = Tensor([1, 0])
        tensors["prior.means"] = Tensor(shape: [2, z], scalars: mu + [Float](repeating: 5, count: z))
        tensors["prior.stds"] = Tensor(shape: [2, z], repeating: 1e-6)
        metadata["kanade.model"] = "melody-vae-2bar"
        try SafeTensorsWriter.write(tensors, metadata: metadata, to: folder + "/melody-vae-2bar.safetensors")
        let vae = try MelodyVAE(bars: 2, store: store)
        #expect(vae.prior.components == 2)
        let melodies = vae.sample(count: 3, temperature: 0, seed: 11)
        let expected = vae.decode(Tensor(mu))
        #expect(melodies.allSatisfy { $0 == expected })
        #expect(vae.blocks(of: expected)[0] == fixture.melodies[0].greedy)
        // The bundled 2-bar model has no mixture: it draws from N(0, I).
        #expect(try MelodyVAE(bars: 2, store: bundledModels).prior == .standardNormal)
    }

    /// A broken sampling mixture names the file and the tensor: weights that are not a distribution, a spread
    /// that is not positive, a misshapen or missing part.
    @Test func aBrokenMixtureIsNamed() throws {
        var (tensors, metadata) = try bundledTwoBar()
        let z = try MelodyVAE(bars: 2, store: bundledModels).latentSize
        let path = folder + "/melody-vae-2bar.safetensors"
        func fails(_ tensor: String, _ words: String) throws {
            try SafeTensorsWriter.write(tensors, metadata: metadata, to: path)
            #expect {
                try MelodyVAE(bars: 2, store: store)
            } throws: { error in
                guard let e = error as? ModelError, e.file == path else { return false }
                switch e.problem {
                case .layerMismatch(let name, let why): return name == tensor && why.contains(words)
                case .shapeMismatch(let name, _, _), .missingTensor(let name): return name.contains(tensor)
                default: return false
                }
            }
        }
        tensors["prior.weights"] = Tensor([0.5, 0.7])
        tensors["prior.means"] = Tensor(shape: [2, z])
        tensors["prior.stds"] = Tensor(shape: [2, z], repeating: 1)
        try fails("prior.weights", "sum to 1")
        tensors["prior.weights"] = Tensor([0.5, 0.5])
        tensors["prior.stds"] = Tensor(shape: [2, z], repeating: 0)
        try fails("prior.stds", "positive")
        tensors["prior.stds"] = Tensor(shape: [3, z], repeating: 1)
        try fails("prior.stds", "")
        tensors["prior.stds"] = nil
        try fails("prior.stds", "")
    }

    /// The 16-bar encoder's direct path from the block codes: a half-present or misshapen pair is named.
    @Test func theSixteenBarEncodersFlatPathIsChecked() throws {
        let (original, metadata) = try bundled("melody-vae-16bar")
        var tensors = original
        #expect(tensors["encoder.flat_mu.weight"]?.shape == [512, 1024])
        let path = folder + "/melody-vae-16bar.safetensors"
        tensors["encoder.flat_sigma.weight"] = Tensor(shape: [512, 896])
        try SafeTensorsWriter.write(tensors, metadata: metadata, to: path)
        #expect(throws: ModelError(file: path, .shapeMismatch(tensor: "encoder.flat_sigma.weight", expected: [512, 1024],
                                                               actual: [512, 896]))) {
            try MelodyVAE(bars: 16, store: store)
        }
        tensors["encoder.flat_sigma.weight"] = nil
        try SafeTensorsWriter.write(tensors, metadata: metadata, to: path)
        #expect {
            try MelodyVAE(bars: 16, store: store)
        } throws: { error in
            guard let e = error as? ModelError, case .missingTensor(let name) = e.problem else { return false }
            return e.file == path && name.contains("encoder.flat_sigma.weight")
        }
    }
}
