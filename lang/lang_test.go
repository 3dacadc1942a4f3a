package lang

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// questions are citizens' questions written for these tests, several per
// language, some lowercase and typed without accents.
var questions = []struct{ want, q string }{
	{"en", "How long does an asylum application take in Germany?"},
	{"en", "can my wife join me if i have a residence permit"},
	{"en", "What happens if my asylum claim is rejected?"},
	{"en", "Can my brother in Kraków apply for family reunification?"},
	{"en", "is the Dublin rule still applied after the Pact?"},
	{"en", "Will I be deported to Tunisia if I lose my job?"},
	{"en", "My mother lives in Göteborg, can she sponsor me?"},

	{"fr", "Combien de temps dure une demande d'asile en France ?"},
	{"fr", "est-ce que ma femme peut me rejoindre avec mon titre de séjour"},
	{"fr", "que se passe-t-il si ma demande est refusee"},
	{"fr", "Puis-je travailler pendant la procédure d'asile ?"},
	{"fr", "quels documents pour le regroupement familial"},

	{"de", "Wie lange dauert ein Asylverfahren in Deutschland?"},
	{"de", "kann meine frau zu mir nachziehen wenn ich subsidiären schutz habe"},
	{"de", "Was passiert, wenn mein Asylantrag abgelehnt wird?"},
	{"de", "darf ich wahrend des verfahrens arbeiten"},
	{"de", "Werde ich abgeschoben, wenn ich keinen Pass habe?"},

	{"es", "¿Cuánto tiempo tarda una solicitud de asilo en España?"},
	{"es", "puede mi esposa venir conmigo si tengo permiso de residencia"},
	{"es", "que pasa si me deniegan el asilo"},
	{"es", "¿Puedo trabajar mientras espero la respuesta?"},
	{"es", "como pido la reagrupacion familiar para mis hijos"},

	{"it", "Quanto tempo ci vuole per ottenere il permesso di soggiorno?"},
	{"it", "mia moglie puo raggiungermi in italia con il ricongiungimento familiare"},
	{"it", "Cosa succede se la mia domanda di asilo viene respinta?"},
	{"it", "posso lavorare mentre aspetto la decisione"},
	{"it", "Chi decide se vengo rimpatriato nel mio paese?"},

	{"pt", "Quanto tempo demora um pedido de asilo em Portugal?"},
	{"pt", "a minha mulher pode vir ter comigo se eu tiver autorizacao de residencia"},
	{"pt", "O que acontece se o meu pedido for recusado?"},
	{"pt", "posso trabalhar enquanto espero pela decisão"},
	{"pt", "Como faço o reagrupamento familiar dos meus filhos?"},

	{"nl", "Hoe lang duurt een asielaanvraag in Nederland?"},
	{"nl", "mag mijn vrouw naar mij toe komen als ik een verblijfsvergunning heb"},
	{"nl", "Wat gebeurt er als mijn aanvraag wordt afgewezen?"},
	{"nl", "kan ik werken tijdens de procedure"},
	{"nl", "Word ik uitgezet als ik geen paspoort heb?"},

	{"pl", "Jak długo trwa rozpatrywanie wniosku o azyl w Polsce?"},
	{"pl", "czy moja zona moze do mnie dolaczyc jesli mam karte pobytu"},
	{"pl", "Co się stanie, jeśli mój wniosek zostanie odrzucony?"},
	{"pl", "czy moge pracowac w trakcie procedury"},
	{"pl", "Kiedy dostanę decyzję w sprawie ochrony międzynarodowej?"},

	{"cs", "Jak dlouho trvá řízení o azylu v Česku?"},
	{"cs", "muze za mnou prijet manzelka kdyz mam povoleni k pobytu"},
	{"cs", "Co se stane, když mi zamítnou žádost?"},
	{"cs", "můžu pracovat během řízení o mezinárodní ochraně"},
	{"cs", "Proč jsou děti ve zvláštním řízení?"},

	{"sk", "Ako dlho trvá konanie o azyle na Slovensku?"},
	{"sk", "moze za mnou pricestovat manzelka ak mam povolenie na pobyt"},
	{"sk", "Čo sa stane, ak mi zamietnu žiadosť?"},
	{"sk", "môžem pracovať počas konania"},
	{"sk", "Prečo je moja žiadosť ešte stále otvorená?"},

	{"sl", "Koliko časa traja postopek za azil v Sloveniji?"},
	{"sl", "ali se mi lahko pridruzi zena ce imam dovoljenje za prebivanje"},
	{"sl", "Kaj se zgodi, če mojo prošnjo zavrnejo?"},
	{"sl", "ali lahko delam med postopkom"},

	{"hr", "Koliko dugo traje postupak za azil u Hrvatskoj?"},
	{"hr", "moze li mi se pridruziti zena ako imam dozvolu boravka"},
	{"hr", "Što se događa ako mi odbiju zahtjev?"},
	{"hr", "mogu li raditi dok čekam odluku"},

	{"hu", "Mennyi ideig tart a menedékjogi eljárás Magyarországon?"},
	{"hu", "a feleségem csatlakozhat hozzam ha van tartozkodasi engedelyem"},
	{"hu", "Mi történik, ha elutasítják a kérelmemet?"},
	{"hu", "dolgozhatok az eljaras alatt"},

	{"ro", "Cât durează procedura de azil în România?"},
	{"ro", "poate sotia mea sa vina la mine daca am permis de sedere"},
	{"ro", "Ce se întâmplă dacă cererea mea este respinsă?"},
	{"ro", "pot sa lucrez in timpul procedurii"},

	{"sv", "Hur lång tid tar en asylansökan i Sverige?"},
	{"sv", "kan min fru komma hit om jag har uppehallstillstand"},
	{"sv", "Vad händer om jag får avslag på min ansökan?"},
	{"sv", "får jag arbeta medan jag väntar på beslut"},

	{"da", "Hvor lang tid tager en asylsag i Danmark?"},
	{"da", "kan min kone komme til danmark hvis jeg har opholdstilladelse"},
	{"da", "Hvad sker der, hvis jeg får afslag?"},
	{"da", "må jeg arbejde mens jeg venter på svar"},

	{"fi", "Kuinka kauan turvapaikkahakemuksen käsittely kestää Suomessa?"},
	{"fi", "voiko vaimoni muuttaa luokseni jos minulla on oleskelulupa"},
	{"fi", "Mitä tapahtuu, jos saan kielteisen päätöksen?"},
	{"fi", "saanko tehda toita kun odotan paatosta"},

	{"et", "Kui kaua võtab varjupaiga taotluse menetlemine Eestis aega?"},
	{"et", "kas mu naine saab minuga liituda kui mul on elamisluba"},
	{"et", "Mis juhtub, kui minu taotlus tagasi lükatakse?"},
	{"et", "kas ma tohin menetluse ajal tööd teha"},

	{"lv", "Cik ilgi Latvijā notiek patvēruma procedūra?"},
	{"lv", "vai mana sieva var pievienoties man ja man ir uzturesanas atlauja"},
	{"lv", "Kas notiek, ja mans iesniegums tiek noraidīts?"},
	{"lv", "vai es drikstu stradat proceduras laika"},

	{"lt", "Kiek laiko trunka prieglobsčio procedūra Lietuvoje?"},
	{"lt", "ar mano zmona gali atvykti pas mane jei turiu leidima gyventi"},
	{"lt", "Kas nutinka, jei mano prašymas atmetamas?"},
	{"lt", "ar galiu dirbti kol laukiu sprendimo"},

	{"mt", "Kemm iddum il-proċedura tal-ażil f'Malta?"},
	{"mt", "il-mara tiegħi tista' tingħaqad miegħi jekk għandi permess ta' residenza?"},
	{"mt", "X'jiġri jekk l-applikazzjoni tiegħi tiġi miċħuda?"},
	{"mt", "nista' naħdem waqt il-proċedura"},

	{"ga", "Cé chomh fada a thógann iarratas ar thearmann in Éirinn?"},
	{"ga", "an féidir le mo bhean chéile teacht chugam má tá cead cónaithe agam"},
	{"ga", "Cad a tharlaíonn má dhiúltaítear do m'iarratas?"},
	{"ga", "an bhfuil cead agam obair a dhéanamh"},

	{"tr", "Almanya'da iltica başvurusu ne kadar sürer?"},
	{"tr", "oturma iznim varsa eşim yanıma gelebilir mi"},
	{"tr", "Başvurum reddedilirse ne olur?"},
	{"tr", "sinir disi edilir miyim"},

	{"sq", "Sa kohë zgjat procedura e azilit në Gjermani?"},
	{"sq", "a mund te vije gruaja ime nese kam leje qendrimi"},
	{"sq", "Çfarë ndodh nëse kërkesa ime refuzohet?"},
	{"sq", "a mund te punoj gjate procedures"},

	{"el", "Πόσο διαρκεί η διαδικασία ασύλου στην Ελλάδα;"},
	{"el", "μπορει η γυναικα μου να ερθει αν εχω αδεια διαμονης"},
	{"el", "Τι γίνεται αν απορριφθεί η αίτησή μου;"},

	{"ru", "Сколько длится процедура получения убежища в Германии?"},
	{"ru", "может ли моя жена приехать ко мне если у меня вид на жительство"},
	{"ru", "Что будет, если мне откажут в убежище?"},
	{"ru", "меня депортируют?"},

	{"uk", "Скільки триває процедура отримання притулку в Польщі?"},
	{"uk", "чи може моя дружина приїхати до мене якщо я маю посвідку на проживання"},
	{"uk", "Що буде, якщо мені відмовлять у тимчасовому захисті?"},
	{"uk", "де отримати статус біженця"},

	{"bg", "Колко време отнема процедурата за убежище в България?"},
	{"bg", "може ли съпругата ми да дойде при мен ако имам разрешение за пребиваване"},
	{"bg", "Какво става, ако ми откажат?"},
	{"bg", "мога ли да работя докато чакам решение"},

	{"sr", "Колико траје поступак за азил у Србији?"},
	{"sr", "да ли моја супруга може да дође код мене ако имам дозволу боравка"},
	{"sr", "Шта ће се десити ако ми одбију захтев?"},

	{"mk", "Колку време трае постапката за азил во Македонија?"},
	{"mk", "дали сопругата може да дојде кај мене ако имам дозвола за престој"},
	{"mk", "Што ќе се случи ако ми го одбијат барањето?"},

	{"ar", "كم تستغرق إجراءات اللجوء في ألمانيا؟"},
	{"ar", "هل يمكن لزوجتي أن تلحق بي إذا كان لدي تصريح إقامة؟"},
	{"ar", "ماذا يحدث إذا رفض طلب اللجوء الخاص بي؟"},
	{"ar", "هل سيتم ترحيلي الى بلدي"},

	{"fa", "رسیدگی به درخواست پناهندگی در آلمان چقدر طول می‌کشد؟"},
	{"fa", "آیا همسرم می‌تواند با اجازه اقامت من به اینجا بیاید؟"},
	{"fa", "اگر درخواستم رد شود چه اتفاقی می افتد"},
	{"fa", "آیا من را به افغانستان برمیگردانند؟"},
	// Farsi typed on an Arabic keyboard (Arabic ي and ك).
	{"fa", "آيا مي توانم در دوره انتظار كار كنم؟"},

	{"ur", "جرمنی میں پناہ کی درخواست میں کتنا وقت لگتا ہے؟"},
	{"ur", "کیا میری بیوی میرے پاس آ سکتی ہے اگر میرے پاس رہائشی اجازت نامہ ہو؟"},
	{"ur", "اگر میری درخواست مسترد ہو جائے تو کیا ہوگا؟"},

	{"he", "כמה זמן לוקח לקבל מקלט בגרמניה?"},
	{"he", "האם אשתי יכולה להצטרף אליי אם יש לי אשרת שהייה?"},
	{"he", "מה קורה אם הבקשה שלי נדחית?"},

	{"hi", "जर्मनी में शरण आवेदन में कितना समय लगता है?"},
	{"hi", "क्या मेरी पत्नी मेरे पास आ सकती है अगर मेरे पास निवास परमिट है?"},
	{"hi", "अगर मेरा आवेदन खारिज हो गया तो क्या होगा?"},

	{"bn", "ইতালিতে আশ্রয়ের আবেদন করতে কত সময় লাগে?"},
	{"bn", "আমার স্ত্রী কি আমার কাছে আসতে পারবে?"},
	{"bn", "আমার আবেদন প্রত্যাখ্যান হলে কী হবে?"},

	{"zh", "在德国申请庇护需要多长时间？"},
	{"zh", "我有居留许可，我的妻子可以来团聚吗？"},
	{"zh", "如果我的申请被拒绝会怎么样？"},

	{"ja", "ドイツで難民申請にはどのくらい時間がかかりますか？"},
	{"ja", "在留許可があれば妻を呼び寄せることはできますか"},
	{"ja", "申請が却下されたらどうなりますか？"},

	{"ko", "독일에서 난민 신청은 얼마나 걸리나요?"},
	{"ko", "체류 허가가 있으면 아내가 올 수 있나요?"},
	{"ko", "신청이 거부되면 어떻게 되나요?"},

	// Second and third batches, each measured once before any tuning
	// against it (87.0% and 93.0%). Two misses are kept: the English
	// question with a Spanish name comes out as unconfident Spanish and
	// the bare Hungarian one as unconfident English; callers read both as
	// English.
	{"en", "can they keep me in detention at the border"},
	{"en", "How do I appeal a Dublin transfer to Italy?"},
	{"en", "my daughter goes to school in Lyon, does she need a visa"},
	{"en", "Is Señor Ramírez allowed to represent me?"},
	{"en", "Who pays for my lawyer?"},
	{"fr", "peuvent-ils me garder en rétention a la frontiere"},
	{"fr", "Comment contester un transfert Dublin vers l'Italie ?"},
	{"de", "dürfen sie mich an der grenze festhalten"},
	{"de", "Wie lege ich Widerspruch gegen die Dublin-Überstellung ein?"},
	{"es", "pueden detenerme en la frontera"},
	{"es", "¿Cómo recurro un traslado de Dublín a Italia?"},
	{"it", "possono trattenermi alla frontiera"},
	{"it", "Come faccio ricorso contro il trasferimento Dublino?"},
	{"pt", "podem deter-me na fronteira"},
	{"pt", "Como recorro de uma transferência de Dublin para Itália?"},
	{"nl", "mogen ze mij vasthouden aan de grens"},
	{"nl", "Hoe ga ik in beroep tegen een Dublinoverdracht?"},
	{"pl", "czy mogą mnie zatrzymać na granicy"},
	{"pl", "Jak odwołać się od przekazania dublińskiego?"},
	{"cs", "mohou mě zadržet na hranicích"},
	{"sk", "môžu ma zadržať na hranici"},
	{"sl", "ali me lahko pridržijo na meji"},
	{"hr", "mogu li me zadržati na granici"},
	{"hu", "fogva tarthatnak a határon?"},
	{"ro", "pot sa ma retina la granita"},
	{"sv", "får de hålla mig i förvar vid gränsen"},
	{"da", "må de tilbageholde mig ved grænsen"},
	{"fi", "voivatko he pitää minut säilössä rajalla"},
	{"et", "kas mind võib piiril kinni pidada"},
	{"lv", "vai mani var aizturēt uz robežas"},
	{"lt", "ar mane gali sulaikyti pasienyje"},
	{"mt", "jistgħu jżommuni detenut fil-fruntiera?"},
	{"ga", "an féidir leo mé a choinneáil ag an teorainn"},
	{"tr", "beni sınırda gözaltında tutabilirler mi"},
	{"sq", "a mund të më mbajnë në kufi"},
	{"el", "μπορούν να με κρατήσουν στα σύνορα"},
	{"ru", "могут ли меня задержать на границе"},
	{"uk", "чи можуть мене затримати на кордоні"},
	{"bg", "могат ли да ме задържат на границата"},
	{"sr", "да ли могу да ме задрже на граници"},
	{"ar", "هل يمكنهم احتجازي على الحدود؟"},
	{"fa", "آیا می‌توانند مرا در مرز بازداشت کنند؟"},
	{"zh", "他们可以在边境拘留我吗？"},
	{"en", "do i need a lawyer for my asylum interview"},
	{"en", "Where can I find the list of safe countries of origin?"},
	{"en", "My son is 17, is he an unaccompanied minor?"},
	{"en", "Can Frontex send me back to Libya?"},
	{"en", "what is the screening regulation"},
	{"en", "Is Eurodac storing my fingerprints?"},
	{"fr", "je suis mineur, est-ce que j'ai droit a un avocat"},
	{"fr", "Mon fils peut-il venir en Belgique ?"},
	{"fr", "combien de jours pour faire appel"},
	{"de", "Brauche ich einen Anwalt für die Anhörung?"},
	{"de", "mein sohn ist minderjährig, was nun"},
	{"de", "wo finde ich die liste der sicheren herkunftsstaaten"},
	{"es", "necesito un abogado para la entrevista"},
	{"es", "Mi hijo es menor, ¿tiene derechos especiales?"},
	{"es", "donde puedo encontrar la lista de paises seguros"},
	{"it", "ho bisogno di un avvocato per il colloquio"},
	{"it", "Mio figlio è minorenne, ha diritti speciali?"},
	{"it", "dove trovo la lista dei paesi sicuri"},
	{"pt", "preciso de um advogado para a entrevista"},
	{"pt", "O meu filho é menor, tem direitos especiais?"},
	{"pt", "onde encontro a lista de países seguros"},
	{"nl", "heb ik een advocaat nodig voor het gehoor"},
	{"nl", "Mijn zoon is minderjarig, wat nu?"},
	{"nl", "waar vind ik de lijst van veilige landen"},
	{"pl", "czy potrzebuję adwokata na przesłuchanie"},
	{"pl", "Mój syn jest niepełnoletni, co teraz?"},
	{"pl", "gdzie znajde liste bezpiecznych krajow"},
	{"cs", "potřebuji advokáta na pohovor"},
	{"cs", "kde najdu seznam bezpecnych zemi"},
	{"sk", "potrebujem advokáta na pohovor"},
	{"sk", "kde najdem zoznam bezpecnych krajin"},
	{"sl", "ali potrebujem odvetnika za razgovor"},
	{"sl", "kje najdem seznam varnih drzav"},
	{"hr", "trebam li odvjetnika za razgovor"},
	{"hr", "gdje mogu naci popis sigurnih zemalja"},
	{"hu", "szükségem van ügyvédre a meghallgatáshoz?"},
	{"hu", "hol találom a biztonságos országok listáját"},
	{"ro", "am nevoie de un avocat pentru interviu"},
	{"ro", "unde gasesc lista tarilor sigure"},
	{"sv", "behöver jag en advokat till intervjun"},
	{"sv", "var hittar jag listan över säkra länder"},
	{"da", "har jeg brug for en advokat til samtalen"},
	{"da", "hvor finder jeg listen over sikre lande"},
	{"fi", "tarvitsenko asianajajan puhutteluun"},
	{"fi", "mista loydan listan turvallisista maista"},
	{"et", "kas ma vajan intervjuuks advokaati"},
	{"et", "kust ma leian turvaliste riikide nimekirja"},
	{"lv", "vai man vajag advokātu intervijai"},
	{"lv", "kur es varu atrast drošo valstu sarakstu"},
	{"lt", "ar man reikia advokato pokalbiui"},
	{"lt", "kur rasti saugiu saliu sarasa"},
	{"mt", "għandi bżonn avukat għall-intervista?"},
	{"mt", "fejn insib il-lista tal-pajjiżi sikuri"},
	{"ga", "an bhfuil dlíodóir ag teastáil uaim don agallamh"},
	{"tr", "mülakat için avukata ihtiyacım var mı"},
	{"tr", "güvenli ülkeler listesini nerede bulabilirim"},
	{"sq", "a kam nevojë për avokat për intervistën"},
	{"sq", "ku mund ta gjej listën e vendeve të sigurta"},
	{"el", "χρειάζομαι δικηγόρο για τη συνέντευξη;"},
	{"ru", "нужен ли мне адвокат на собеседование"},
	{"ru", "где найти список безопасных стран"},
	{"uk", "чи потрібен мені адвокат на співбесіду"},
	{"uk", "де знайти список безпечних країн"},
	{"bg", "трябва ли ми адвокат за интервюто"},
	{"bg", "къде да намеря списъка на сигурните страни"},
	{"sr", "да ли ми треба адвокат за разговор"},
	{"mk", "дали ми треба адвокат за интервјуто"},
	{"ar", "هل أحتاج إلى محام للمقابلة؟"},
	{"ar", "أين أجد قائمة الدول الآمنة"},
	{"fa", "آیا برای مصاحبه به وکیل نیاز دارم؟"},
	{"fa", "لیست کشورهای امن را از کجا پیدا کنم"},
	{"ur", "کیا مجھے انٹرویو کے لیے وکیل کی ضرورت ہے؟"},
	{"he", "האם אני צריך עורך דין לראיון?"},
	{"hi", "क्या मुझे साक्षात्कार के लिए वकील चाहिए?"},
	{"zh", "面谈需要律师吗？"},
	{"ja", "面接に弁護士は必要ですか？"},
	{"ko", "면접에 변호사가 필요한가요?"},
}

// minAccuracy is the share of questions Detect must get right.
const minAccuracy = 0.95

func TestDetectAccuracy(t *testing.T) {
	right := 0
	perLang := map[string]int{}
	for _, tc := range questions {
		perLang[tc.want]++
		got := Detect(tc.q)
		if got.Code == tc.want {
			right++
		} else {
			t.Logf("miss: want %s, got %+v: %s", tc.want, got, tc.q)
		}
	}
	for code, n := range perLang {
		assert.GreaterOrEqual(t, n, 3, "questions for %s", code)
	}
	acc := float64(right) / float64(len(questions))
	t.Logf("accuracy: %d/%d = %.1f%% over %d languages", right, len(questions), 100*acc, len(perLang))
	assert.GreaterOrEqual(t, acc, minAccuracy)
}

func TestDetectEdgeCases(t *testing.T) {
	tests := []struct {
		name string
		q    string
		want Result
	}{
		{"empty", "", Result{}},
		{"digits and punctuation", "?? 2024 !!", Result{}},
		{"lone country name", "Tunisia", Result{Code: "en", Script: "Latin"}},
		{"lone ambiguous word", "asylum?", Result{Code: "en", Script: "Latin"}},
		{"english", "How do I apply for asylum in Italy?", Result{Code: "en", Script: "Latin", Confident: true}},
		{"english with a German name", "Can my cousin from Düsseldorf apply for reunification?", Result{Code: "en", Script: "Latin", Confident: true}},
		{"english with a Greek word", "What does the word άσυλο mean in the asylum procedure?", Result{Code: "en", Script: "Latin", Confident: true}},
		{"german", "Kann ich in Deutschland Asyl beantragen?", Result{Code: "de", Script: "Latin", Confident: true}},
		{"greek", "Ελλάδα", Result{Code: "el", Script: "Greek", Confident: true}},
		{"armenian has no code", "Ինչպես դիմել ապաստանի համար", Result{Script: "Armenian"}},
		{"farsi", "آیا می‌توانم کار کنم؟", Result{Code: "fa", Script: "Arabic", Confident: true}},
		{"arabic", "هل يمكنني العمل؟", Result{Code: "ar", Script: "Arabic", Confident: true}},
		{"ukrainian", "чи можу я працювати?", Result{Code: "uk", Script: "Cyrillic", Confident: true}},
		{"chinese", "庇护", Result{Code: "zh", Script: "Han", Confident: true}},
		{"japanese", "ビザ", Result{Code: "ja", Script: "Kana", Confident: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Detect(tc.q))
		})
	}
}

// TestEveryLanguageIsDescribed checks that each code the models and the
// script table can return has a name and a reply, so a caller never
// meets a detected language it cannot answer in.
func TestEveryLanguageIsDescribed(t *testing.T) {
	detectable := []string{"zh", "ja"}
	for _, code := range singleScript {
		detectable = append(detectable, code)
	}
	for _, m := range models {
		detectable = append(detectable, m.codes...)
	}
	for _, code := range detectable {
		assert.NotEmpty(t, Name(code), code)
		msg, ok := SourcesInEnglish(code)
		assert.True(t, ok, "reply for %s", code)
		assert.NotEmpty(t, msg, code)
		assert.Contains(t, Codes(), code)
	}
	assert.ElementsMatch(t, detectable, Codes(), "Codes() is exactly what Detect can return")
}

func TestNonLatinLanguagesHaveReplies(t *testing.T) {
	nonLatin := 0
	for _, code := range Codes() {
		if UsesLatin(code) {
			continue
		}
		nonLatin++
		msg, ok := SourcesInEnglish(code)
		require.True(t, ok, code)
		// The reply must itself be detected as its language, which also
		// catches a reply pasted under the wrong code.
		assert.Equal(t, code, Detect(msg).Code, "reply for %s: %s", code, msg)
	}
	assert.GreaterOrEqual(t, nonLatin, 12)
}

func TestRepliesDetectAsTheirLanguage(t *testing.T) {
	for _, code := range Codes() {
		msg, _ := SourcesInEnglish(code)
		got := Detect(msg)
		assert.Equal(t, code, got.Code, "reply for %s: %s", code, msg)
		assert.True(t, got.Confident, "reply for %s", code)
	}
}

func TestNameAndUsesLatin(t *testing.T) {
	tests := []struct {
		code, name string
		latin      bool
	}{
		{"de", "German", true},
		{"en", "English", true},
		{"fa", "Persian", false},
		{"el", "Greek", false},
		{"zh", "Chinese", false},
		{"xx", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.name, Name(tc.code), tc.code)
		assert.Equal(t, tc.latin, UsesLatin(tc.code), tc.code)
	}
	_, ok := SourcesInEnglish("xx")
	assert.False(t, ok)
}
