package lexical

import "strings"

// countries lists countries with their capital (as news and reports use a
// capital for its government: "Seoul said"), the adjective for their people,
// and other common names. It is general knowledge, not any report's:
// callers keep only the names a report itself uses.
const countries = `United States|Washington|American|U.S.|US|USA|America
South Korea|Seoul|South Korean
North Korea|Pyongyang|North Korean
China|Beijing|Chinese|PRC
Japan|Tokyo|Japanese
Taiwan|Taipei|Taiwanese
Russia|Moscow|Russian
India|New Delhi|Indian
Australia|Canberra|Australian
United Kingdom|London|British|UK|Britain
France|Paris|French
Germany|Berlin|German
Canada|Ottawa|Canadian
Mexico|Mexico City|Mexican
Brazil|Brasilia|Brazilian
Iran|Tehran|Iranian
Iraq|Baghdad|Iraqi
Israel|Jerusalem|Israeli
Saudi Arabia|Riyadh|Saudi
Turkey|Ankara|Turkish
Egypt|Cairo|Egyptian
Ukraine|Kyiv|Ukrainian|Kiev
Vietnam|Hanoi|Vietnamese
Philippines|Manila|Filipino|Philippine
Indonesia|Jakarta|Indonesian
Thailand|Bangkok|Thai
Singapore||Singaporean
Malaysia|Kuala Lumpur|Malaysian
Pakistan|Islamabad|Pakistani
Afghanistan|Kabul|Afghan
Syria|Damascus|Syrian
Italy|Rome|Italian
Spain|Madrid|Spanish
Poland|Warsaw|Polish
Netherlands|Amsterdam|Dutch|Holland
Belgium|Brussels|Belgian
Sweden|Stockholm|Swedish
Norway|Oslo|Norwegian
Finland|Helsinki|Finnish
Denmark|Copenhagen|Danish
Switzerland|Bern|Swiss
Austria|Vienna|Austrian
Greece|Athens|Greek
Portugal|Lisbon|Portuguese
Ireland|Dublin|Irish
Nigeria|Abuja|Nigerian
South Africa|Pretoria|South African
Kenya|Nairobi|Kenyan
Ethiopia|Addis Ababa|Ethiopian
Argentina|Buenos Aires|Argentine|Argentinian
Chile|Santiago|Chilean
Colombia|Bogota|Colombian
Venezuela|Caracas|Venezuelan
Cuba|Havana|Cuban
Mongolia|Ulaanbaatar|Mongolian
Myanmar|Naypyidaw|Burmese|Burma
Cambodia|Phnom Penh|Cambodian
Laos|Vientiane|Laotian
Bangladesh|Dhaka|Bangladeshi
Sri Lanka|Colombo|Sri Lankan
Nepal|Kathmandu|Nepalese|Nepali
New Zealand|Wellington|New Zealander
Qatar|Doha|Qatari
United Arab Emirates|Abu Dhabi|Emirati|UAE
Jordan|Amman|Jordanian
Lebanon|Beirut|Lebanese
Yemen|Sanaa|Yemeni
Libya|Tripoli|Libyan
Morocco|Rabat|Moroccan
Algeria|Algiers|Algerian
Sudan|Khartoum|Sudanese
Korea||Korean`

// Places returns each country's names (country, capital, adjective, other
// names), as written.
func Places() [][]string {
	var out [][]string
	for _, line := range strings.Split(countries, "\n") {
		var names []string
		for _, n := range strings.Split(line, "|") {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
		out = append(out, names)
	}
	return out
}
