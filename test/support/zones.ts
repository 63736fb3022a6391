// The zones every time property runs in (TESTING T10): UTC, zones with DST
// in either hemisphere, a midnight DST switch (Sao Paulo), a 30-minute DST
// (Lord Howe), a skipped calendar day (Apia 2011) and odd offsets (+05:30,
// +05:45).
export const ZONES = [
  'UTC',
  'America/New_York',
  'America/Sao_Paulo',
  'America/Santiago',
  'Asia/Beirut',
  'Europe/Berlin',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Apia',
  'Asia/Kolkata',
  'Asia/Kathmandu',
] as const
