package lang

import (
	"maps"
	"slices"
)

// language is what the package knows about one language besides how to
// detect it.
type language struct {
	name string
	// script is the script Detect reports the language in.
	script string
	// sourcesInEnglish says, in the language, that the sources are in
	// English and asks for the question in English or another EU language.
	sourcesInEnglish string
}

// languages is keyed by ISO 639-1 code and covers every code Detect can
// return (a test checks it). Read-only.
var languages = map[string]language{
	"en": {"English", "Latin", "The sources I answer from are in English. Please ask your question in English or in another EU language."},
	"fr": {"French", "Latin", "Les sources sur lesquelles je m'appuie sont en anglais. Veuillez poser votre question en anglais ou dans une autre langue de l'UE."},
	"de": {"German", "Latin", "Die Quellen, auf die ich mich stütze, sind auf Englisch. Bitte stellen Sie Ihre Frage auf Englisch oder in einer anderen EU-Sprache."},
	"es": {"Spanish", "Latin", "Las fuentes en las que me baso están en inglés. Por favor, haga su pregunta en inglés o en otra lengua de la UE."},
	"it": {"Italian", "Latin", "Le fonti su cui mi baso sono in inglese. Per favore, ponga la sua domanda in inglese o in un'altra lingua dell'UE."},
	"pt": {"Portuguese", "Latin", "As fontes em que me baseio estão em inglês. Por favor, faça a sua pergunta em inglês ou noutra língua da UE."},
	"nl": {"Dutch", "Latin", "De bronnen waarop ik mijn antwoorden baseer, zijn in het Engels. Stel uw vraag alstublieft in het Engels of in een andere EU-taal."},
	"pl": {"Polish", "Latin", "Źródła, na których opieram odpowiedzi, są po angielsku. Proszę zadać pytanie po angielsku lub w innym języku UE."},
	"cs": {"Czech", "Latin", "Zdroje, ze kterých odpovídám, jsou v angličtině. Položte prosím svou otázku anglicky nebo v jiném jazyce EU."},
	"sk": {"Slovak", "Latin", "Zdroje, z ktorých odpovedám, sú v angličtine. Položte, prosím, svoju otázku po anglicky alebo v inom jazyku EÚ."},
	"sl": {"Slovenian", "Latin", "Viri, na podlagi katerih odgovarjam, so v angleščini. Prosim, zastavite vprašanje v angleščini ali v drugem jeziku EU."},
	"hr": {"Croatian", "Latin", "Izvori na temelju kojih odgovaram su na engleskom. Molim vas, postavite pitanje na engleskom ili na nekom drugom jeziku EU-a."},
	"hu": {"Hungarian", "Latin", "A források, amelyek alapján válaszolok, angol nyelvűek. Kérem, tegye fel kérdését angolul vagy az EU egy másik nyelvén."},
	"ro": {"Romanian", "Latin", "Sursele pe care mă bazez sunt în limba engleză. Vă rog să puneți întrebarea în engleză sau în altă limbă a UE."},
	"sv": {"Swedish", "Latin", "Källorna som jag svarar utifrån är på engelska. Ställ gärna din fråga på engelska eller på ett annat EU-språk."},
	"da": {"Danish", "Latin", "De kilder, jeg svarer ud fra, er på engelsk. Stil venligst dit spørgsmål på engelsk eller på et andet EU-sprog."},
	"fi": {"Finnish", "Latin", "Lähteet, joiden pohjalta vastaan, ovat englanniksi. Esitä kysymyksesi englanniksi tai jollakin muulla EU:n kielellä."},
	"et": {"Estonian", "Latin", "Allikad, mille põhjal ma vastan, on inglise keeles. Palun esitage oma küsimus inglise keeles või mõnes muus ELi keeles."},
	"lv": {"Latvian", "Latin", "Avoti, uz kuriem balstu atbildes, ir angļu valodā. Lūdzu, uzdodiet jautājumu angļu valodā vai citā ES valodā."},
	"lt": {"Lithuanian", "Latin", "Šaltiniai, kuriais remiuosi, yra anglų kalba. Prašome užduoti klausimą anglų kalba arba kita ES kalba."},
	"mt": {"Maltese", "Latin", "Is-sorsi li nwieġeb minnhom huma bl-Ingliż. Jekk jogħġbok, staqsi l-mistoqsija tiegħek bl-Ingliż jew b'lingwa oħra tal-UE."},
	"ga": {"Irish", "Latin", "Is i mBéarla atá na foinsí a bhfreagraím uathu. Cuir do cheist i mBéarla nó i dteanga eile de chuid an AE, le do thoil."},
	"tr": {"Turkish", "Latin", "Yanıt verirken dayandığım kaynaklar İngilizcedir. Lütfen sorunuzu İngilizce veya başka bir AB dilinde sorun."},
	"sq": {"Albanian", "Latin", "Burimet nga të cilat përgjigjem janë në anglisht. Ju lutem, bëni pyetjen tuaj në anglisht ose në një gjuhë tjetër të BE-së."},
	"el": {"Greek", "Greek", "Οι πηγές από τις οποίες απαντώ είναι στα αγγλικά. Παρακαλώ κάντε την ερώτησή σας στα αγγλικά ή σε άλλη γλώσσα της ΕΕ."},
	"bg": {"Bulgarian", "Cyrillic", "Източниците, на които се основават отговорите ми, са на английски. Моля, задайте въпроса си на английски или на друг език на ЕС."},
	"ru": {"Russian", "Cyrillic", "Источники, на которые я опираюсь, написаны на английском языке. Пожалуйста, задайте вопрос на английском или на другом языке ЕС."},
	"uk": {"Ukrainian", "Cyrillic", "Джерела, на які я спираюся, написані англійською мовою. Будь ласка, поставте запитання англійською або іншою мовою ЄС."},
	"sr": {"Serbian", "Cyrillic", "Извори на основу којих одговарам су на енглеском језику. Молим вас, поставите питање на енглеском или на неком другом језику ЕУ."},
	"mk": {"Macedonian", "Cyrillic", "Изворите врз основа на кои одговарам се на англиски јазик. Ве молам, поставете го прашањето на англиски или на друг јазик на ЕУ."},
	"ar": {"Arabic", "Arabic", "المصادر التي أعتمد عليها في الإجابة باللغة الإنجليزية. يُرجى طرح سؤالك باللغة الإنجليزية أو بلغة أخرى من لغات الاتحاد الأوروبي."},
	"fa": {"Persian", "Arabic", "منابعی که بر اساس آن\u200cها پاسخ می\u200cدهم به زبان انگلیسی هستند. لطفاً سؤال خود را به انگلیسی یا یکی دیگر از زبان\u200cهای اتحادیه اروپا بپرسید."},
	"ur": {"Urdu", "Arabic", "جن ذرائع کی بنیاد پر میں جواب دیتا ہوں وہ انگریزی میں ہیں۔ براہ کرم اپنا سوال انگریزی یا یورپی یونین کی کسی دوسری زبان میں پوچھیں۔"},
	"he": {"Hebrew", "Hebrew", "המקורות שעליהם אני מתבסס כתובים באנגלית. נא לשאול את השאלה באנגלית או בשפה אחרת של האיחוד האירופי."},
	"hi": {"Hindi", "Devanagari", "जिन स्रोतों के आधार पर मैं उत्तर देता हूँ, वे अंग्रेज़ी में हैं। कृपया अपना प्रश्न अंग्रेज़ी या यूरोपीय संघ की किसी अन्य भाषा में पूछें।"},
	"bn": {"Bengali", "Bengali", "আমি যে উৎসগুলো থেকে উত্তর দিই, সেগুলো ইংরেজিতে। অনুগ্রহ করে আপনার প্রশ্নটি ইংরেজিতে বা ইউরোপীয় ইউনিয়নের অন্য কোনো ভাষায় জিজ্ঞাসা করুন।"},
	"zh": {"Chinese", "Han", "我所依据的资料都是英文的。请用英语或其他欧盟语言提问。"},
	"ja": {"Japanese", "Kana", "回答の根拠となる資料は英語です。英語または他のEU言語で質問してください。"},
	"ko": {"Korean", "Hangul", "제가 답변에 사용하는 자료는 영어로 되어 있습니다. 영어 또는 다른 EU 언어로 질문해 주세요."},
}

// Name returns the English name of the language with ISO 639-1 code
// ("German" for "de"), or "" for a code the package does not know.
func Name(code string) string {
	return languages[code].name
}

// UsesLatin reports whether the language is written in the Latin script,
// the script of the sources. It is false for unknown codes. To judge one
// text rather than a language, compare Result.Script with "Latin".
func UsesLatin(code string) bool {
	return languages[code].script == "Latin"
}

// SourcesInEnglish returns a short, polite reply in the language saying
// that the sources are in English and asking for the question in English
// or another EU language; ok is false when there is no such reply for
// code. Every language Detect returns has one.
func SourcesInEnglish(code string) (msg string, ok bool) {
	l, ok := languages[code]
	return l.sourcesInEnglish, ok && l.sourcesInEnglish != ""
}

// Codes returns the ISO 639-1 codes Detect can return, sorted.
func Codes() []string {
	return slices.Sorted(maps.Keys(languages))
}
