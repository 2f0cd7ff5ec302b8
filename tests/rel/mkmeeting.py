#!/usr/bin/env python3
"""mkmeeting.py N [RES] -- a ModernGov GetMeeting answer (meeting 4967 of
tests/fixtures/moderngov/meetings.xml) with N agenda items, each with
minutes of RES resolutions (default 1) and a document, on stdout."""
import sys

n = int(sys.argv[1])
res = int(sys.argv[2]) if len(sys.argv) > 2 else 1
out = sys.stdout
out.write('<?xml version="1.0" encoding="utf-8"?>\n<meeting>\n'
          '  <meetingid>4967</meetingid>\n  <meetingdate>10/02/2026</meetingdate>\n'
          '  <meetingstatus>Confirmed</meetingstatus>\n'
          '  <meetingtime>10.00 am</meetingtime>\n  <agendaitems>\n')
for i in range(1, n + 1):
    body = "".join("&lt;p&gt;(%d) That the report %d be noted.&lt;/p&gt;" % (r, i)
                   for r in range(1, res + 1))
    out.write('    <agendaitem>\n'
              '      <agendaitemid>%d</agendaitemid>\n'
              '      <agendaitemtitle>Report number %d on services</agendaitemtitle>\n'
              '      <agendaitemnumber>%d</agendaitemnumber>\n'
              '      <minutesnonemptyhtmlbody>&lt;p&gt;The Committee considered report'
              ' %d.&lt;/p&gt;&lt;p&gt;RESOLVED&lt;/p&gt;%s</minutesnonemptyhtmlbody>\n'
              '      <linkeddocuments><linkeddoc><attachmentid>%d</attachmentid>'
              '<title>Report %d</title><url>https://example.org/d/%d.pdf</url>'
              '</linkeddoc></linkeddocuments>\n'
              '    </agendaitem>\n' % (100000 + i, i, i, i, body, 500000 + i, i, i))
out.write('  </agendaitems>\n</meeting>\n')
