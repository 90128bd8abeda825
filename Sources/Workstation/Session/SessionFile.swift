import TOMLKit

/// The session as written by `:w`: a small TOML file naming the tracks' files, the selection and settings.
public enum SessionFile {
    /// The file's text.
    public static func encode(_ session: Session, settings: Settings) -> String {
        let root = TOMLTable()
        root["kanade_session"] = 1
        let tracks = TOMLArray()
        for track in session.tracks {
            let t = TOMLTable(inline: true)
            t["name"] = track.name
            if let p = track.path { t["path"] = p }
            t["gain_db"] = track.gainDB
            t["muted"] = track.isMuted
            t["soloed"] = track.isSoloed
            tracks.append(t)
        }
        root["tracks"] = tracks
        if let s = session.selection {
            let sel = TOMLTable(inline: true)
            sel["start"] = s.start
            sel["end"] = s.end
            root["selection"] = sel
        }
        root["loop_selection"] = session.loopSelection
        let set = TOMLTable()
        for (key, _) in Settings.keys { if let v = settings.value(of: key) { set[key] = v } }
        root["settings"] = set
        return "# Kanade session (written by :w)\n" + root.convert(to: .toml)
    }
}
