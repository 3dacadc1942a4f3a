package lang

// latinProfiles covers the EU's Latin-script languages plus Turkish and
// Albanian. Word lists lean on what citizens' questions are made of:
// pronouns, modal verbs, question words and the words for asylum,
// residence, family and deportation. Country names spelt as in English
// are left out, so "asylum in Portugal" stays English.
var latinProfiles = []profile{
	{code: "en",
		words: `the a an is are was be been what how can could do does did i my me we our you your
			of to for and in on with who when where which why will would should get if from have has
			need not about this that there after before asylum residence permit visa family reunification
			deported deportation refugee apply application stay work long country border rules wife
			husband children am don' can' i' it' what' doesn' isn' any allowed
			still right rights lawyer legal pay pays they them he she his her its or but than at by
			as up out back send sent help want`,
		cues: "th ^wh ing$ ould$ ee"},
	{code: "fr",
		words: `le la les l' un une des du de d' est sont que qu' quoi quel quelle quels comment combien
			pourquoi quand où qui je j' mon ma mes nous vous votre vos peux peut puis pouvons dois doit
			faut pour avec dans sur pas ne n' et ou au aux ce c' cet cette si il elle mari femme enfants
			demande titre séjour asile réfugié expulsion regroupement familial suis ai est- m' s'
			ils elles on peuvent pouvez veux voulez`,
		chars: "àâçèêëîïôûùÿœ",
		cues:  "eau aux$ eux ^qu ez$ oi"},
	{code: "de",
		words: `der die das den dem des ein eine einen einem ist sind was wie wo wann warum wer welche
			welcher kann können darf muss ich mein meine meinen mich mir wir uns sie ihr mit und oder
			nicht kein keine für auf bei nach von zu aus als wenn ob habe hat haben bin wird werden auch
			noch asyl aufenthalt aufenthaltserlaubnis aufenthaltstitel familiennachzug abschiebung antrag
			frau mann kinder deutschland`,
		chars: "äöüß",
		cues:  "sch ung$ ei cht tz keit$ lich$ ^ge"},
	{code: "es",
		words: `el la los las un una unos es son está están qué que cómo cuándo dónde cuánto cuántos
			quién por porque puedo puede pueden debo tengo tiene mi mis me yo para con en de del al y o
			no si se su sus lo le hay asilo residencia permiso reagrupación familiar expulsión solicitud
			esposa marido hijos españa trabajo necesito`,
		chars: "ñ¿¡",
		cues:  "cion$ dad$ ll"},
	{code: "it",
		words: `il lo la i gli le un una uno è sono che cosa come quando dove quanto quanti chi perché
			posso può possono devo ho ha mio mia miei mie io noi per con in di del della dei delle al
			alla nel nella e o non se si mi ci l' dell' nell' all' un' sull' c' permesso soggiorno asilo
			ricongiungimento familiare espulsione domanda moglie marito figli italia lavoro
			lavorare mentre aspetto decisione ottenere sulla sul dal dalla agli negli`,
		chars: "èìò",
		cues:  "zione$ gli zz cch ggi are$ one$"},
	{code: "pt",
		words: `o a os as um uma é são está estão que como quando onde quanto quantos quem porque posso
			pode podem devo tenho tem meu minha meus minhas eu nós para com em de do da dos das no na
			nos nas ao e ou não se sua seu me há asilo residência autorização reagrupamento familiar
			expulsão pedido esposa marido filhos trabalho preciso`,
		chars: "ãõ",
		cues:  "cao$ coes$ nh lh oes$ ao$"},
	{code: "nl",
		words: `de het een is zijn was wat hoe waar wanneer waarom wie welke kan kunnen mag moet ik mijn
			mij me we wij ons u uw je jij voor met en of niet geen van in op aan bij naar uit als om dat
			dit er ook nog heb heeft hebben word wordt verblijfsvergunning asiel gezinshereniging
			uitzetting aanvraag vrouw man kinderen nederland`,
		chars: "ĳ",
		cues:  "ij aa oe uu ^ge heid$"},
	{code: "pl",
		words: `jest są był co jak jaki jaka jakie kiedy gdzie ile dlaczego kto czy mogę może można muszę
			mam ma mój moja moje mnie mi ja my się nie w na do z ze dla od po o i a lub albo to że jeśli
			azyl pobyt pobytu zezwolenie karta łączenie rodzin deportacja wniosek żona mąż dzieci polsce
			polski pracy`,
		chars: "ąćęłńśźż",
		cues:  "cz sz rz dz ow$ ego$ ie"},
	{code: "cs",
		words: `je jsou byl co jak jaký jaká jaké kdy kde kolik proč kdo zda mohu můžu může lze musím mám
			má můj moje moji mě mi já my se si ne v ve na do z ze pro od po o a nebo to že jestli pokud
			azyl pobyt pobytu povolení sloučení rodiny vyhoštění žádost manželka manžel děti česku práce
			prosím potřebuji potřebuju najdu chci seznam`,
		chars: "čďěňřšťůž",
		cues:  "ou$ ch"},
	{code: "sk",
		words: `je sú bol čo ako aký aká aké kedy kde koľko prečo kto či môžem môže možno musím mám má môj
			moja moje ma mi ja my sa si nie v vo na do z zo pre od po o a alebo to že ak azyl pobyt pobytu
			povolenie zlúčenie rodiny vyhostenie žiadosť manželka manžel deti slovensku práce prosím potrebujem nájdem chcem zoznam`,
		chars: "äčďĺľňôŕšťž",
		cues:  "ia ie ch"},
	{code: "sl",
		words: `je so sem si smo ali kaj kako kdaj kje koliko zakaj kdo kateri lahko moram imam ima moj
			moja moje mi jaz se ne v na za do iz z s od po o in pa da če tudi azil prebivanje dovoljenje
			združitev družine izgon prošnja žena mož otroci sloveniji delo delam želim
			postopek postopka`,
		chars: "čšž",
		cues:  "^kj lj nj"},
	{code: "hr",
		words: `je su sam si smo li što šta kako kada gdje koliko zašto tko koji koja mogu može moram imam
			ima moj moja moje mi ja se ne u na za do iz s od po o i ili a da ako kad azil boravak dozvola
			spajanje obitelji protjerivanje zahtjev žena muž djeca hrvatskoj posao trebam
			želim hoću postupak postupka odluku kojih`,
		chars: "čćđšž",
		cues:  "ije lj nj"},
	{code: "hu",
		words: `a az egy és vagy nem is hogy mi mit mikor hol hogyan mennyi miért ki melyik lehet tudok
			kell van vannak volt nekem én te ön meg ha de csak még már menedékjog menedékkérő
			tartózkodási engedély családegyesítés kiutasítás kérelem feleség férj férjem feleségem
			gyerekek magyarországon munka alatt eljárás történik dolgozhatok`,
		chars: "őűöü",
		cues:  "sz gy ny ly zs cs ^meg ik$ nak$ nek$ ban$ ben$ hat$ het$ sag$ seg$ asa"},
	{code: "ro",
		words: `este sunt era ce cum când unde cât câți cine pot poate trebuie am are eu meu mea mei mele
			noi în la de din pe cu și sau nu dacă să se mi mă pentru o un al a ai ale azil ședere permis
			reîntregirea familiei expulzare cerere soția soțul copiii românia muncă`,
		chars: "ăâîșțşţ",
		cues:  "ul$ ii$ lui$ ea$ tii$"},
	{code: "sv",
		words: `och att det som en ett är var vad hur när varför vem vilken vilka kan får måste jag min
			mitt mina mig vi oss du din ni er han hon för med i på till av om från inte ingen har hade
			ska kommer eller uppehållstillstånd asyl familjeåterförening utvisning ansökan fru man barn
			sverige arbete`,
		chars: "åäö",
		cues:  "sj tj ck"},
	{code: "da",
		words: `og at det som en et er var hvad hvordan hvornår hvor hvorfor hvem hvilken hvilke kan får
			må skal jeg min mit mine mig vi os du din i jer han hun for med på til af om fra ikke ingen
			har havde vil eller opholdstilladelse asyl familiesammenføring udvisning ansøgning kone mand
			børn danmark arbejde`,
		chars: "æøå",
		cues:  "^hv"},
	{code: "fi",
		words: `on ovat oli mitä mikä miten kuinka milloin missä miksi kuka voin voiko voi voinko onko
			saako pitää täytyy minun minulla minä me sinä te hän ja tai ei en et kanssa jos kun että myös
			vielä tämä se ne turvapaikka turvapaikkaa oleskelulupa oleskeluluvan perheenyhdistäminen
			karkotus hakemus vaimo mies lapset suomessa työ
			mistä mihin tarvitsen tarvitsenko pitääkö löydän saan kauanko`,
		chars: "äö",
		cues:  "aa ää ii uu yy ssa$ ssä$ lla$ llä$ sta$ stä$ nko$ kko tt"},
	{code: "et",
		words: `on olen oli mis mida kuidas millal kus miks kes milline kas saan saab võin võib pean peab
			ma mina minu mul meie sa sina te tema ja või ei ka kui et see need ning aga veel varjupaik
			varjupaika elamisluba perekonna taasühinemine väljasaatmine taotlus naine mees lapsed eestis
			töö tohin tohib ajal aega teha menetlus menetluse kaua
			kust kuhu vajan vajab leian leida pärast`,
		chars: "äöõü",
		cues:  "aa ee ga$ mise use$ ks$ ide$"},
	{code: "lv",
		words: `ir bija kas ko kā kad kur cik kāpēc kurš kura vai varu var drīkst man mans mana mani es
			mēs jūs tu viņš viņa un arī ne nav no uz ar par pie pēc līdz ja bet lai patvērums patvērumu
			uzturēšanās atļauja ģimenes atkalapvienošana izraidīšana iesniegums sieva vīrs bērni latvijā
			darbs drīkstu strādāt laikā procedūra`,
		chars: "āēģīķļņū",
		cues:  "sanas ibas$"},
	{code: "lt",
		words: `yra buvo kas ką kaip kada kur kiek kodėl kuris kuri ar galiu gali galima turiu turi mano
			man aš mes jūs tu jis ji ir ne nėra iš į su už po apie prie jei bet kad taip prieglobstis
			prieglobsčio leidimas gyventi šeimos susijungimas išsiuntimas prašymas žmona vyras vaikai
			lietuvoje darbas reikia reikės rasti`,
		chars: "ąčęėįšųūž",
		cues:  "ai$ as$ us$ iu$ iui$ ių$ ymas$"},
	{code: "mt",
		words: `il- l- ta' tal- fil- għal- u jew le mhux huwa hija huma hemm x' xi kif meta fejn kemm
			għaliex min liema nista' jista' nistgħu għandi għandu jien jiena aħna int intom tiegħi
			tiegħek f' b' ma' minn ma fuq taħt ażil residenza permess riunifikazzjoni familja
			deportazzjoni applikazzjoni mara raġel tfal xogħol is- it- ix- id- in- ir- iż-`,
		chars: "ċġħż",
		cues:  "għ ^x"},
	{code: "ga",
		words: `an na is tá bhfuil ní níl cad conas cathain cá cén cé céard féidir liom leat mo do ár bhur
			agus nó le ar ag i in ó faoi chun go gur má mé sé sí muid sibh siad tearmann cead cónaithe
			teaghlach athaontú ionnarbadh iarratas bean chéile fear páistí éirinn obair t- h-`,
		cues: "bh mh ^bhf ^gc ^dt ao ea"},
	{code: "tr",
		words: `bir ve ile de da mi mı mu mü ne nasıl nerede zaman neden kim hangi kaç için ama veya değil
			var yok ben benim bana biz siz o bu şu miyim mıyım olabilir alabilir sığınma oturma izni
			aile birleşimi sınır dışı başvuru başvurum eşim karım kocam çocuklarım türkiye iş
			kadar olur nedir iltica edilir miyim gelebilir`,
		chars: "ğış",
		cues:  "ler$ lar$ iyor dir$ ilir$ esi$ ası$ um$"},
	{code: "sq",
		words: `është janë ishte çfarë si kur ku sa pse kush cili cila a mund mundem duhet kam ka im ime
			unë ne ju ti ai ajo dhe ose jo nuk në me për nga te tek që nëse edhe azil leje qëndrimi
			bashkimi familjar dëbim kërkesë gruaja burri fëmijët shqipëri punë`,
		chars: "ë",
		cues:  "dh xh sh gj nj rr"},
}
