package answer

import (
	"strings"
	"unicode/utf8"
)

// The words a "how much money do asylum seekers get in <country>"
// question is made of, in the languages citizens ask in. EU law sets no
// national amounts (the Reception Conditions Directive leaves them to the
// Member States), so such a question is refused in any language, as in
// English. The tables are general vocabulary, lower-cased as words() gives
// it: question words for an amount, words for money, and country names.

// howMuchWords ask for an amount on their own ("combien", "wieviel").
var howMuchWords = toSet(`combien quanto quanta quanti quante cuánto cuánta cuántos cuanto cuanta
wieviel hoeveel ile колко сколько скільки πόσα πόσο πόσα چقدر چند كم kolik koliko cât câți mennyi kiek cik`)

// howMuchPairs ask for an amount in two words ("how much", "wie viel").
var howMuchPairs = toSet(`how_much wie_viel wie_viele hur_mycket hvor_meget hvor_mye quão_muito چه_مقدار كم_من ما_مقدار`)

// amountMoneyWords mark money in a question, beside moneyWords.
var amountMoneyWords = toSet(`argent dinero dinheiro soldi denaro geld taschengeld leistungen sozialleistungen
sussidio sussidi subsidio subsídio uitkering leefgeld pieniądze pieniędzy zasiłek zasiłku świadczenie
pengar ersättning bidrag penge penger peníze bani pénz пари парите денег деньги гроші грошей χρήματα λεφτά
پول پولی مال المال أموال اموال نقود راتب يورو یورو евро euro euros`)

// countryWords are the Member States and the countries people most often
// ask about, in the languages of the eval sets and of the largest groups
// of askers: English (countryNames), German, French, Italian, Spanish,
// Portuguese, Dutch, Polish, Swedish, Bulgarian, Russian, Ukrainian,
// Greek, Farsi and Arabic.
var countryWords = toSet(`deutschland allemagne germania alemania alemanha duitsland niemcy niemczech tyskland германия германии німеччина німеччині γερμανία آلمان ألمانيا المانيا
frankreich francia frança frankrijk francja francji frankrike франция франции франція франції γαλλία فرانسه فرنسا
italien italie italia itália italië włochy włoszech италия италии італія італії ιταλία ایتالیا إيطاليا ايطاليا
spanien espagne spagna españa espanha spanje hiszpania hiszpanii испания испании іспанія іспанії ισπανία اسپانیا إسبانيا اسبانيا
österreich autriche oostenrijk austrii österrike австрия австрии австрія австрії αυστρία اتریش النمسا
niederlande pays-bas paesi olanda países holanda nederland holandia holandii nederländerna нидерланды нидерландах нідерланди ολλανδία هلند هولندا
belgien belgique belgio bélgica belgië belgia belgii бельгия бельгии бельгія βέλγιο بلژیک بلجيكا
schweden suède svezia suecia suécia zweden szwecja szwecji sverige швеция швеции швеція швеції σουηδία سوئد السويد
griechenland grèce grecia grécia griekenland grecja grecji grekland гърция греция греции греція греції ελλάδα یونان اليونان
polen pologne polonia polónia polska polsce полша польша польше польща польщі πολωνία لهستان بولندا
bulgarien bulgarie bulgária bulgarije bułgaria bułgarii българия болгария болгарии болгарія βουλγαρία بلغارستان بلغاريا
irland irlande irlanda ierland irlandia irlandii ирландия ірландія ιρλανδία ایرلند أيرلندا ايرلندا
dänemark danemark danimarca dinamarca denemarken dania danii danmark дания данія δανία دانمارک الدنمارك
schweiz suisse svizzera suiza suíça zwitserland szwajcaria szwajcarii schweiz швейцария швейцарія ελβετία سوئیس سويسرا
norwegen norvège norvegia noruega noorwegen norwegia norwegii norge норвегия норвегія νορβηγία نروژ النرويج
finnland finlande finlandia finlândia finland finlandii финландия финляндия фінляндія φινλανδία فنلاند فنلندا
zypern chypre cipro chipre cypr cypru кипър кипр кіпр κύπρος قبرس
malte malta мальта μάλτα مالت مالطا
portugalia portugalii португалия португалія πορτογαλία پرتغال البرتغال
kroatien croatie croazia croacia croácia kroatië chorwacja chorwacji хърватия хорватия хорватія κροατία کرواسی كرواتيا
rumänien roumanie romania rumania roménia roemenië rumunia rumunii румъния румыния румунія ρουμανία رومانی رومانيا
ungarn hongrie ungheria hungría hungria hongarije węgry węgrzech унгария венгрия угорщина ουγγαρία مجارستان المجر
tschechien tchéquie cechia chequia tsjechië czechy czechach чехия чехія τσεχία چک التشيك
slowakei slovaquie slovacchia eslovaquia slowakije słowacja словакия словаччина
slowenien slovénie slovenia eslovenia slovenië słowenia словения словенія
luxemburg luxembourg lussemburgo luxemburgo luksemburg люксембург λουξεμβούργο
litauen lituanie lituania litwa литва λιθουανία
lettland lettonie lettonia letonia łotwa латвия латвія λετονία
estland estonie estonia eesti естония эстония естонія εσθονία`)

// asksAmountIn reports whether words ask how much money someone gets, and
// whether they name a country.
func asksAmountIn(ws []string) (amount, country bool) {
	money, howMuch := false, false
	for i, w := range ws {
		w = elided(w)
		money = money || moneyWords[w] || amountMoneyWords[w]
		howMuch = howMuch || howMuchWords[w] || (i > 0 && howMuchPairs[elided(ws[i-1])+"_"+w])
		country = country || countryNames[w] || countryWords[w] || countryWords[arabicStem(w)]
	}
	return money && howMuch, country
}

// elided drops an elided article or preposition ("d'argent", "l'Italia").
func elided(w string) string {
	if i := strings.IndexAny(w, "'’"); i > 0 && i <= 3 && i < len(w)-1 {
		return w[i+1:]
	}
	return w
}

// arabicStem drops one attached Arabic preposition or conjunction ("في
// ألمانيا" is often written "بألمانيا", "لألمانيا").
func arabicStem(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	switch r {
	case 'ب', 'ل', 'و', 'ف':
		if utf8.RuneCountInString(w) > 4 {
			return w[n:]
		}
	}
	return w
}
