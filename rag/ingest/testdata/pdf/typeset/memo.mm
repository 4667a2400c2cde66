.ND "June 6, 2024"
.TL
Relocation of the Records Archive to the Brackenfield Depot
.AU "Priyanka Raghunathan" PR "Facilities Planning" "" "" "ext. 4417"
.AT "Deputy Director, Facilities"
.MT "MEMORANDUM FOR FILE"
.P
This memorandum summarises the plan agreed at the facilities committee on 29 May 2024 for moving the council's paper records archive from the basement of the Civic Offices to the former bus depot at Brackenfield.
The move is necessary because the basement flooded twice in the winter of 2023, damaging about 1,150 boxes of planning files, and the insurer has said it will not renew cover for the basement store after 31 December 2024.
.H 1 "Scope of the move"
.P
The archive holds approximately 18,400 archive boxes on 2.7 kilometres of shelving.
About 60 percent of the boxes are planning and building control files; the remainder are committee minutes, rate books, electoral registers and legal agreements.
Records that must be kept permanently, such as council minutes since 1894, will go to the county record office instead, under a deposit agreement signed in April.
.P
The Brackenfield depot offers 3,200 square metres of floor space on a single level, with a loading bay and a new fire suppression system.
Mobile shelving will be installed by Kestrel Storage Systems at a cost of \(Po412,000, including delivery and commissioning.
.H 1 "Timetable"
.P
The move will take place in three phases, as shown below.
.DS
.TS
center box;
lb lb lb
l l n.
Phase	Dates	Boxes
_
1. Planning files	2 Sept \- 27 Sept	11,000
2. Minutes and registers	30 Sept \- 18 Oct	4,900
3. Legal agreements	21 Oct \- 1 Nov	2,500
.TE
.DE
.P
During each phase the records being moved will be unavailable for about one week.
Requests from the public for files in transit will be answered within fifteen working days rather than the usual five.
.H 2 "Staffing"
.P
The move will be carried out by a contractor, Harrowgate Removals, supervised by two archive assistants.
A temporary records officer will be recruited for six months to catalogue the boxes as they are moved and to update the location index.\*F
.FS
The post is graded at Scale 5 and will be funded from the facilities contingency budget.
.FE
.H 1 "Risks"
.P
The principal risk is the loss or misfiling of boxes in transit.
Each box will carry a barcode label and will be scanned when it leaves the Civic Offices and again when it is shelved at Brackenfield.
The second risk is damp: the depot must be kept at a relative humidity between 45 and 55 percent, and two dehumidifiers will run continuously for the first month after the heating is commissioned.
.P
Please send any comments on this plan to the author by 21 June 2024.
.SG
