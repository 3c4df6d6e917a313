# faraday-multipart's names on Faraday 1, for the harness (tests/testsuite/run.rs): Debian 12
# has Faraday 1.1, whose own multipart middleware and parts (multipart-post's) are what
# faraday-multipart was extracted from for Faraday 2. Only the names are given here; the
# request is encoded by Faraday 1.1 itself. With Faraday 2 the real gem is loaded instead.
require 'faraday'

raise LoadError, 'install the faraday-multipart gem for Faraday 2' unless Faraday::VERSION.start_with?('1.')

module Faraday
  module Multipart
    FilePart = Faraday::FilePart
    ParamPart = Faraday::ParamPart
  end
end
