/// `kanade` with no files: the demo session. Slots A and B get two melodies, so the slider has something to
/// blend, and the demo song is rendered in the background as the first track.
func reduceOpenDemo(_ state: inout AppState) -> [Effect] {
    if state.session.pianoRoll == PianoRoll() {
        state.session.pianoRoll = .demo
        state.view.pianoRoll.reveal(PianoRoll.demo.melody)
        state.view.pianoRoll.cursorPitch = 69
    }
    let job = state.startJob("rendering demo song")
    return [.renderDemo(jobID: job)]
}
