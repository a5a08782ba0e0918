import TrailModel

/// The splitter of `pgaudit-stderr`: PostgreSQL stderr log lines with `log_line_prefix = '%m [%p] %q%u@%d '`.
///
/// ```
/// 2015-08-12 16:13:43.123 EDT [1234] alice@shop LOG:  AUDIT: SESSION,1,1,READ,SELECT,,,"select 1",<not logged>
/// 2015-08-12 16:13:43.124 EDT [1200] LOG:  checkpoint starting: time        (no %u@%d: not a session)
/// ```
/// PostgreSQL writes each line break of a message as a line break plus a tab, so a line starting with a
/// tab continues the record before it; the message is rebuilt with that one tab removed per line.
/// `%t` (no milliseconds) times and `@db`/`user@` with an empty side are accepted too.
enum PgAuditStderr {
    /// Splits the input into records (a prefixed line plus its tab-led continuation lines).
    static func split(_ input: UnsafeRawBufferPointer, _ emit: (PgRawRecord) -> Void) {
        let n = input.count
        var i = 0
        func lineEnd(_ from: Int) -> Int {
            var k = from
            while k < n, input[k] != 0x0A { k += 1 }
            return k
        }
        while i < n {
            let first = lineEnd(i)
            if first == i || (first == i + 1 && input[i] == 0x0D) { i = first + 1; continue }
            let start = i
            var lines = [start..<first]
            var next = first + 1
            if input[start] != 0x09 {
                while next < n, input[next] == 0x09 {
                    let e = lineEnd(next)
                    lines.append(next..<e)
                    next = e + 1
                }
            }
            var end = lines.last!.upperBound
            if end > start, input[end - 1] == 0x0D { end -= 1 }
            var record = PgRawRecord(start: start, end: end)
            if input[start] == 0x09 {
                record.failure = "continuation line (starting with a tab) without a log line before it"
            } else {
                let texts = lines.map { r -> Substring in
                    var e = r.upperBound
                    if e > r.lowerBound, input[e - 1] == 0x0D { e -= 1 }
                    return Substring(decoding: UnsafeRawBufferPointer(rebasing: input[r.lowerBound..<e]), as: UTF8.self)
                }
                switch prefix(texts[0]) {
                case let .success(columns):
                    record.columns = columns
                    if texts.count > 1 {
                        record.columns[PgColumn.message] = ([columns[PgColumn.message] ?? ""] + texts.dropFirst().map { String($0.dropFirst()) })
                            .joined(separator: "\n")
                    }
                case let .failure(f):
                    record.failure = f.description
                }
            }
            emit(record)
            i = next
        }
    }

    static let severities: Set<Substring> = ["LOG", "INFO", "NOTICE", "WARNING", "ERROR", "FATAL", "PANIC", "DEBUG",
                                             "DEBUG1", "DEBUG2", "DEBUG3", "DEBUG4", "DEBUG5", "STATEMENT", "DETAIL",
                                             "HINT", "CONTEXT", "QUERY", "LOCATION"]

    /// Reads `TIME [PID] [USER@DB ]SEVERITY:  MESSAGE` into csvlog columns.
    static func prefix(_ line: Substring) -> Result<[String?], ParseFailure> {
        var columns = [String?](repeating: nil, count: PgColumn.count)
        guard let open = line.firstRange(of: " [") else {
            return .failure(ParseFailure("expected the log_line_prefix '%m [%p] %q%u@%d ': no ' [' after the time"))
        }
        columns[PgColumn.logTime] = String(line[..<open.lowerBound])
        var rest = line[open.upperBound...]
        let pid = rest.prefix { $0.isASCII && $0.isNumber }
        guard !pid.isEmpty, rest[pid.endIndex...].hasPrefix("] ") else {
            return .failure(ParseFailure("expected '[PID] ' after the time", offset: line.utf8.distance(from: line.startIndex, to: open.upperBound)))
        }
        columns[PgColumn.pid] = String(pid)
        rest = rest[pid.endIndex...].dropFirst(2)
        let offset = line.utf8.distance(from: line.startIndex, to: rest.startIndex)
        if let (severity, message) = severityAndMessage(rest) {
            columns[PgColumn.severity] = severity; columns[PgColumn.message] = message
            return .success(columns)
        }
        guard let space = rest.firstIndex(of: " "), let at = rest[..<space].lastIndex(of: "@"),
              let (severity, message) = severityAndMessage(rest[rest.index(after: space)...]) else {
            return .failure(ParseFailure("expected 'USER@DB SEVERITY:  ' or 'SEVERITY:  ' after the process id", offset: offset))
        }
        let user = rest[..<at], db = rest[rest.index(after: at)..<space]
        if !user.isEmpty { columns[PgColumn.user] = String(user) }
        if !db.isEmpty { columns[PgColumn.database] = String(db) }
        columns[PgColumn.severity] = severity; columns[PgColumn.message] = message
        return .success(columns)
    }

    /// `LOG:  message` → (`LOG`, `message`).
    static func severityAndMessage(_ s: Substring) -> (String, String)? {
        guard let colon = s.firstIndex(of: ":") else { return nil }
        let word = s[..<colon]
        guard severities.contains(word) else { return nil }
        var message = s[s.index(after: colon)...]
        guard message.first == " " else { return nil }
        message = message.dropFirst()
        if message.first == " " { message = message.dropFirst() }
        return (String(word), String(message))
    }
}
