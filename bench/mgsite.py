#!/usr/bin/env python3
"""Write a generated ModernGov web-service site for bench/sync.

mgsite.py DIR MEETINGS [ITEMS_PER_MEETING]: DIR/committees.xml,
DIR/meetings.xml (every meeting of every committee; tests/sync_server.py
filters it by committee and dates), DIR/councillors.xml (the answer to
GetCouncillorsByWard, which a sync asks for: 10 wards of 3 councillors)
and DIR/meeting_<id>.xml, one per
meeting, each with its agenda items, minutes, resolutions and documents
in the form Manchester's service sends them (HTML bodies entity-encoded
in the XML).  Deterministic: the same arguments give the same bytes.
"""
import datetime
import random
import sys
from xml.sax.saxutils import escape

COMMITTEES = ["Children and Young People Scrutiny Committee", "Executive",
              "Audit Committee", "Corporate Parenting Panel",
              "Health Scrutiny Committee", "Resources and Governance Scrutiny",
              "Health and Wellbeing Board", "Licensing Committee",
              "Safeguarding Improvement Board", "Economy Scrutiny Committee"]
TOPICS = ["Ofsted monitoring visit", "Children's services improvement plan",
          "Foster carer recruitment", "Care leavers' accommodation",
          "Early help strategy", "Multi-Agency Safeguarding Hub",
          "Budget monitoring", "Social worker caseloads",
          "SEND transformation programme", "Youth justice plan"]
SENTENCES = ["The Committee considered a report of the Strategic Director.",
             "Members asked about the number of children waiting for a"
             " social worker and the use of agency staff.",
             "The Director said that foster carer recruitment had improved"
             " since the last quarter.",
             "Ofsted had noted progress in the quality of practice.",
             "A Member asked for figures on placement stability to be"
             " circulated before the next meeting.",
             "The Chair thanked officers for the report."]
RESOLUTIONS = ["note the report", "request a further report in six months",
               "ask officers to circulate the performance data",
               "endorse the improvement plan",
               "write to the Secretary of State"]


def html(paragraphs):
    return escape("".join("<p>%s</p>" % escape(p) for p in paragraphs))


def item_xml(r, item_id, n, date, committee, minutes):
    title = r.choice(TOPICS)
    body = [r.choice(SENTENCES) for _ in range(r.randint(2, 6))]
    res = ["RESOLVED:"] + ["(%d) To %s." % (i + 1, r.choice(RESOLUTIONS))
                           for i in range(r.randint(1, 3))]
    mins = html(body + res) if minutes else ""
    return f"""    <agendaitem>
      <agendaitemid>{item_id}</agendaitemid>
      <agendaitemtitle>{escape(title)}</agendaitemtitle>
      <agendatext>{html(["Report of the Strategic Director of Children's Services."])}</agendatext>
      <agendaitemnumber>{n}</agendaitemnumber>
      <agendaitemsubnumber>
      </agendaitemsubnumber>
      <fulldisplaynumberformat>{n}.</fulldisplaynumberformat>
      <minutesnonemptyhtmlbody>{mins}</minutesnonemptyhtmlbody>
      <isminutepublished>{"True" if minutes else "False"}</isminutepublished>
      <meetingdate>{date}</meetingdate>
      <minutesitemnumber>{n}</minutesitemnumber>
      <refertocommittee>{escape(committee)}</refertocommittee>
      <linkeddocuments>
        <linkeddoc>
          <attachmentid>{item_id * 10}</attachmentid>
          <title>{escape(title)} report</title>
          <isurl>False</isurl>
          <url>https://democracy.example.gov.uk/mgConvert2PDF.aspx?ID={item_id * 10}</url>
          <publicationdate>{date}</publicationdate>
        </linkeddoc>
      </linkeddocuments>
    </agendaitem>
"""


def main():
    out, nmeetings = sys.argv[1], int(sys.argv[2])
    per = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    r = random.Random(1)
    start = datetime.date(2024, 1, 8)
    meetings = {c: [] for c in range(len(COMMITTEES))}
    for m in range(nmeetings):
        c = m % len(COMMITTEES)
        date = start + datetime.timedelta(days=m * 700 // nmeetings)
        meetings[c].append((10000 + m, date))
    with open(f"{out}/committees.xml", "w") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<committees>\n')
        for c, title in enumerate(COMMITTEES):
            f.write(f"  <committee>\n    <committeeid>{100 + c}</committeeid>\n"
                    f"    <committeetitle>{escape(title)}</committeetitle>\n"
                    f"    <committeecategory>Committee</committeecategory>\n"
                    f"    <committeeexpired>False</committeeexpired>\n"
                    f"  </committee>\n")
        f.write("</committees>\n")
    with open(f"{out}/meetings.xml", "w") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<getmeetings>\n'
                f"  <meetingscount> {nmeetings}</meetingscount>\n"
                f"  <committeescount> {len(COMMITTEES)}</committeescount>\n")
        for c, ms in meetings.items():
            f.write(f"  <committee>\n    <committeeid>{100 + c}</committeeid>\n"
                    f"    <committeetitle>{escape(COMMITTEES[c])}</committeetitle>\n"
                    f"    <committeemeetingcount> {len(ms)}</committeemeetingcount>\n"
                    "    <committeemeetings>\n")
            for mid, date in ms:
                f.write(f"      <meeting>\n        <meetingid>{mid}</meetingid>\n"
                        f"        <meetingdate>{date:%d/%m/%Y}</meetingdate>\n"
                        "        <meetingstatus>Confirmed</meetingstatus>\n"
                        "        <meetingtime>10.00 am</meetingtime>\n"
                        "        <iswebcast>False</iswebcast>\n      </meeting>\n")
            f.write("    </committeemeetings>\n  </committee>\n")
        f.write("</getmeetings>\n")
    with open(f"{out}/councillors.xml", "w") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<councillorsbyward>\n'
                "  <wards>\n")
        for w in range(10):
            f.write(f"    <ward>\n      <wardtitle>Ward {w + 1}</wardtitle>\n"
                    "      <councillors>\n")
            for k in range(3):
                cid = 1000 + w * 3 + k
                f.write("        <councillor>\n"
                        f"          <councillorid>{cid}</councillorid>\n"
                        f"          <fullusername>Councillor {cid}</fullusername>\n"
                        "          <politicalpartytitle>Independent"
                        "</politicalpartytitle>\n"
                        f"          <representing>Ward {w + 1}</representing>\n"
                        "          <keyposts>\n          </keyposts>\n"
                        "        </councillor>\n")
            f.write("      </councillors>\n    </ward>\n")
        f.write("  </wards>\n</councillorsbyward>\n")
    item = 500000
    for c, ms in meetings.items():
        for mid, date in ms:
            d = f"{date:%d/%m/%Y}"
            with open(f"{out}/meeting_{mid}.xml", "w") as f:
                f.write('<?xml version="1.0" encoding="utf-8"?>\n<meeting>\n'
                        f"  <meetingid>{mid}</meetingid>\n"
                        f"  <meetingdate>{d}</meetingdate>\n"
                        "  <meetingstatus>Confirmed</meetingstatus>\n"
                        "  <meetingtime>10.00 am</meetingtime>\n"
                        "  <meetinglocation>Town Hall</meetinglocation>\n"
                        "  <minutepublished>True</minutepublished>\n"
                        "  <agendaitems>\n")
                for n in range(1, per + 1):
                    item += 1
                    f.write(item_xml(r, item, n, d, COMMITTEES[c], True))
                f.write("  </agendaitems>\n</meeting>\n")


if __name__ == "__main__":
    main()
