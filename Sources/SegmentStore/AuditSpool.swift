#if canImport(Glibc)
import Glibc
#endif
import TrailModel

/// Durable hand-off of events to the store's one writer.
///
/// Reads of the trail are themselves audited (PCI DSS 10.2.1.3), but a reader cannot append to the
/// trail while `tail` or `ingest` holds the writer lock. So a reader writes its audit event to
/// `spool/<time>-<pid>-<n>.event` (one canonical event line, fsync'd, then renamed into place) and the
/// writer moves spooled events into the trail: when it opens, and within a second while it runs.
/// A spooled event carries its own id, so a crash between the WAL fsync and removing the file
/// cannot store it twice.
public enum AuditSpool {
    /// Spools `event` (it must have an id). After this returns the event survives a crash.
    public static func write(layout: StoreLayout, _ event: TrailEvent) throws {
        guard event.id != nil else { throw StoreError.invalidArgument("a spooled event needs an id") }
        try FS.mkdirs(layout.spool)
        let name = "\(Timestamp.now.micros)-\(getpid())-\(UInt32.random(in: 0 ... .max)).event"
        try FS.writeAtomically(layout.spool + "/" + name, event.canonicalLine())
    }

    /// The spooled events in the order they were written, with their file names.
    static func pending(layout: StoreLayout) throws -> [(name: String, event: TrailEvent)] {
        var out: [(String, TrailEvent)] = []
        let names = FS.list(layout.spool).filter { $0.hasSuffix(".event") }.sorted {
            (Int64($0.prefix { $0 != "-" }) ?? 0, $0) < (Int64($1.prefix { $0 != "-" }) ?? 0, $1)
        }
        for name in names {
            let path = layout.spool + "/" + name
            do {
                out.append((name, try TrailEvent.decode(line: try FS.read(path))))
            } catch {
                throw StoreError.io(path: path, reason: "spooled event is unreadable: \(error)")
            }
        }
        return out
    }
}

extension AuditSpool {
    /// Spools `event` and, when no writer is running, hands it over to the trail at once (it stays
    /// in the open segment of its source until the next seal). Returns a note for the user when a
    /// running or a later writer will store it instead.
    @discardableResult
    public static func record(store: Store, _ event: TrailEvent) throws -> String? {
        try write(layout: store.layout, event)
        do {
            let writer = try TrailWriter(store: store)
            try writer.release()
            return nil
        } catch StoreError.locked(_, _) {
            return "audit record spooled; the running writer stores it in the trail"
        } catch {
            return "audit record spooled; the next writer stores it in the trail (\(error))"
        }
    }
}
