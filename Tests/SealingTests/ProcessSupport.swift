import Foundation
@_exported import TestSupport
import Testing

let opensslPath = "/usr/bin/openssl"
